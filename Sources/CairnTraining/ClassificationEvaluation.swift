import CairnData
import CairnEngine
import CairnNetworks

/// Mean cross-entropy and accuracy of a classifier over fixed batches: the one evaluation that stand-alone test
/// accuracy and super-net scoring share.
public struct ClassificationEvaluation: Codable, Hashable, Sendable {
  public var loss: Double
  public var accuracy: Double

  public init(loss: Double, accuracy: Double) {
    self.loss = loss
    self.accuracy = accuracy
  }

  /// Evaluates `logits` (a forward pass) on every batch, without recording gradients; sample-weighted means.
  public static func measure(
    batches: some Sequence<Batch>, logits: (Tensor) -> Tensor
  ) -> ClassificationEvaluation {
    var lossSum = 0.0
    var correct = 0
    var seen = 0
    withoutGradients {
      for batch in batches {
        let output = logits(Tensor(shape: batch.shape, values: batch.images))
        lossSum +=
          Double(output.softmaxCrossEntropy(labels: batch.labels).item) * Double(batch.count)
        correct += zip(output.argmaxRows(), batch.labels).filter { $0 == $1 }.count
        seen += batch.count
      }
    }
    guard seen > 0 else { return ClassificationEvaluation(loss: .nan, accuracy: .nan) }
    return ClassificationEvaluation(
      loss: lossSum / Double(seen), accuracy: Double(correct) / Double(seen))
  }

  /// Evaluates `architecture` on `network` in evaluation mode (batch norm as the network is built to evaluate).
  public static func measure<Network: ArchitectureNetwork>(
    _ network: Network, architecture: Network.Architecture, batches: some Sequence<Batch>
  ) -> ClassificationEvaluation {
    let wasTraining = network.isTraining
    network.train(false)
    defer { network.train(wasTraining) }
    return measure(batches: batches) { network($0, architecture: architecture) }
  }
}

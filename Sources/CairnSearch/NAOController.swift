import CairnCore
import CairnEngine
import CairnSpaces
import Foundation

/// The controller of Neural Architecture Optimization (Luo et al., NeurIPS 2018) for NB201's fixed-length
/// sequences: an encoder from the 6-token op sequence to a continuous embedding, a performance predictor on the
/// embedding, and a decoder back to the sequence.
///
/// NB201 sequences have one token per edge and a fixed length, so the encoder is an MLP over the tokens' one-hot
/// codes (a sum of per-position token embeddings followed by a hidden layer) and the decoder predicts every
/// position at once; NAO's LSTMs serve variable-length sequences that NB201 does not have. Training minimises
/// `predictorWeight`·MSE(prediction, score) + (1 − `predictorWeight`)·CE(decoded, sequence) by Adam. New
/// architectures come from moving an embedding along the predictor's gradient, e ← e + η·∂f/∂e, and decoding.
public final class NAOController: Module {
  public let embed: Linear
  public let encoderHidden: Linear
  public let predictorHidden: Linear
  public let predictorOutput: Linear
  public let decoderHidden: Linear
  public let decoderOutput: Linear

  static let positions = NB201Architecture.edgeCount
  static let vocabulary = NB201Op.allCases.count

  public init(embeddingSize: Int = 16, hiddenSize: Int = 64, random: inout RandomStream) {
    let tokens = Self.positions * Self.vocabulary
    embed = Linear(tokens, hiddenSize, random: &random)
    encoderHidden = Linear(hiddenSize, embeddingSize, random: &random)
    predictorHidden = Linear(embeddingSize, hiddenSize, random: &random)
    predictorOutput = Linear(hiddenSize, 1, random: &random)
    decoderHidden = Linear(embeddingSize, hiddenSize, random: &random)
    decoderOutput = Linear(hiddenSize, tokens, random: &random)
  }

  /// One-hot codes [N, 30] of the op sequences.
  static func oneHot(_ architectures: [NB201Architecture]) -> Tensor {
    var values = [Float](repeating: 0, count: architectures.count * positions * vocabulary)
    for (row, architecture) in architectures.enumerated() {
      for (position, op) in architecture.opIDs.enumerated() {
        values[row * positions * vocabulary + position * vocabulary + op] = 1
      }
    }
    return Tensor(shape: [architectures.count, positions * vocabulary], values: values)
  }

  /// Embeddings [N, E].
  public func encode(_ architectures: [NB201Architecture]) -> Tensor {
    encoderHidden(embed(Self.oneHot(architectures)).relu())
  }

  /// Predicted scores [N, 1] of embeddings.
  public func predict(_ embeddings: Tensor) -> Tensor {
    predictorOutput(predictorHidden(embeddings).relu())
  }

  /// Op logits [N·6, 5] of embeddings (row n·6 + p is position p of sequence n).
  public func decodeLogits(_ embeddings: Tensor) -> Tensor {
    let logits = decoderOutput(decoderHidden(embeddings).relu())
    return logits.reshaped([embeddings.shape[0] * Self.positions, Self.vocabulary])
  }

  /// The most likely architecture of every embedding.
  public func decode(_ embeddings: Tensor) -> [NB201Architecture] {
    let ops = decodeLogits(embeddings).argmaxRows().map(Int.init)
    return stride(from: 0, to: ops.count, by: Self.positions).map {
      try! NB201Architecture(opIDs: Array(ops[$0..<($0 + Self.positions)]))
    }
  }

  /// Predicted scores of architectures (no gradients).
  public func predictedScores(_ architectures: [NB201Architecture]) -> [Double] {
    withoutGradients { predict(encode(architectures)).toArray().map(Double.init) }
  }

  /// Trains on (architecture, score) pairs for `epochs` passes in shuffled mini-batches; returns the last loss.
  @discardableResult
  public func train(
    on architectures: [NB201Architecture], scores: [Double], epochs: Int, batchSize: Int = 100,
    learningRate: Float = 1e-3, weightDecay: Float = 1e-4, predictorWeight: Float = 0.8,
    using random: inout RandomStream
  ) -> Double {
    precondition(architectures.count == scores.count && !architectures.isEmpty)
    let optimizer = Adam(
      parameters: namedParameters(), learningRate: learningRate, weightDecay: weightDecay)
    var order = Array(architectures.indices)
    var last = Double.nan
    for _ in 0..<epochs {
      random.shuffle(&order)
      for start in stride(from: 0, to: order.count, by: batchSize) {
        let rows = Array(order[start..<min(start + batchSize, order.count)])
        let batch = rows.map { architectures[$0] }
        let targets = Tensor(shape: [rows.count, 1], values: rows.map { Float(scores[$0]) })
        optimizer.zeroGrad()
        let embeddings = encode(batch)
        let error = predict(embeddings) - targets
        let mse = (error * error).mean()
        let labels = batch.flatMap { $0.opIDs.map(Int32.init) }
        let reconstruction = decodeLogits(embeddings).softmaxCrossEntropy(labels: labels)
        let loss = mse.scaled(by: predictorWeight) + reconstruction.scaled(by: 1 - predictorWeight)
        loss.backward()
        clipGradientNorm(optimizer.parameters.map(\.1), maxNorm: 5)
        optimizer.step()
        last = Double(loss.item)
      }
    }
    return last
  }

  /// For each seed architecture, the first decoded architecture that differs from it (and from `excluded`)
  /// along the predictor's gradient in embedding space, trying step sizes 1, 2, … `maximumStep`; NAO's
  /// proposal rule. Seeds that yield nothing new are skipped.
  public func propose(
    from seeds: [NB201Architecture], excluding excluded: Set<NB201Architecture>,
    maximumStep: Int = 50
  ) -> [NB201Architecture] {
    guard !seeds.isEmpty else { return [] }
    let embeddings = withoutGradients { encode(seeds) }
    let leaf = Tensor(shape: embeddings.shape, values: embeddings.toArray(), requiresGrad: true)
    predict(leaf).sum().backward()
    let gradient = leaf.grad!.toArray()
    let base = embeddings.toArray()
    let width = embeddings.shape[1]
    var seen = excluded
    var proposals: [NB201Architecture] = []
    for (row, seed) in seeds.enumerated() {
      for step in 1...maximumStep {
        let moved = (0..<width).map {
          base[row * width + $0] + Float(step) * gradient[row * width + $0]
        }
        let decoded = withoutGradients { decode(Tensor(shape: [1, width], values: moved)) }[0]
        if decoded != seed && seen.insert(decoded).inserted {
          proposals.append(decoded)
          break
        }
      }
    }
    return proposals
  }
}

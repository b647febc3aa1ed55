import CairnCore
import CairnData
import CairnEngine
import CairnNetworks
import CairnTraining

/// The landmark regularization term, added to any step strategy: when λ(epoch) > 0, take the next validation
/// batch and, for each sampled landmark pair (worse, better), add the gradient of λ·φ(L(better) − L(worse))
/// through both sub-networks.
struct LandmarkTerm<Network: ArchitectureNetwork> {
  struct State: Codable {
    var landmarks: LandmarkSet<Network.Architecture>
    var pairRandom: RandomStream
  }

  let loss: LandmarkLossFunction
  let law: LandmarkPairLaw
  let weights: LandmarkWeightSchedule
  let pairsPerStep: Int

  /// λ at `epoch` (0-based): 0 before the term starts.
  func weight(atEpoch epoch: Int) -> Double {
    weights.isActive(atEpoch: epoch) ? weights.weight(atEpoch: epoch) : 0
  }

  /// Adds the term's gradients for one step; returns the term's value (0 when inactive). Draws a validation batch
  /// whenever the term is active, even when λ is 0, as the reference code does.
  func step(
    _ network: Network, validation: ValidationBatches, epoch: Int, state: inout State
  ) -> Double {
    guard weights.isActive(atEpoch: epoch) else { return 0 }
    let lambda = weights.weight(atEpoch: epoch)
    let batch = validation.next()
    guard lambda > 0 else { return 0 }
    let inputs = Tensor(shape: batch.shape, values: batch.images)
    var total = 0.0
    let landmarks = state.landmarks.landmarks
    for pair in law.pairs(
      landmarkCount: landmarks.count, draws: pairsPerStep, using: &state.pairRandom)
    {
      // one call for both paths, so the network can share what they have in common (NB201: the stem)
      let losses = network(
        inputs,
        architectures: [landmarks[pair.worse].architecture, landmarks[pair.better].architecture]
      ).map { $0.softmaxCrossEntropy(labels: batch.labels) }
      let (worse, better) = (losses[0], losses[1])
      let ranking = loss.loss(better: better, worse: worse).scaled(by: Float(lambda))
      total += Double(ranking.item)
      if ranking.item.isFinite { ranking.backward() }
    }
    return total
  }
}

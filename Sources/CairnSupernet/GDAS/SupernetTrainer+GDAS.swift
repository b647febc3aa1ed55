import CairnCore
import CairnData
import CairnEngine
import CairnNetworks
import CairnSpaces

extension NB201EdgeWeights {
  /// The weights of a GDAS forward pass: 1 on every sampled op, 0 for the sum of the others.
  public static var gdasForward: NB201EdgeWeights {
    NB201EdgeWeights(
      selected: Array(repeating: 1, count: NB201Architecture.edgeCount),
      others: Array(repeating: 0, count: NB201Architecture.edgeCount))
  }
}

extension SupernetTrainer {
  /// τ at `epoch`: linear from `temperature_max` at the first GDAS epoch to `temperature_min` at the last.
  func gdasTemperature(atEpoch epoch: Int) -> Double {
    let g = configuration.gdas
    let span = configuration.training.epochs - g.warmupEpochs
    guard span > 1 else { return g.temperatureMax }
    let progress = Double(max(0, epoch - g.warmupEpochs)) / Double(span - 1)
    return g.temperatureMin * progress + g.temperatureMax * (1 - progress)
  }

  /// One architecture step: sample a hard architecture, take the validation loss through the GDAS forward, and
  /// move α by Adam along its straight-through gradient. Weight gradients of this pass are left for the caller
  /// to clear.
  func updateArchitecture(
    _ state: inout SupernetRunState, network: NB201Network, batch: Batch, temperature: Double
  ) throws {
    let sample = state.gdas!.sample(temperature: temperature, using: &state.gumbelRandom!)
    let weights = NB201EdgeWeights.gdasForward
    let inputs = Tensor(shape: batch.shape, values: batch.images)
    let loss = network(inputs, architecture: sample.architecture, weights: weights)
      .softmaxCrossEntropy(labels: batch.labels)
    guard loss.item.isFinite else {
      throw CairnError.failure(
        "the GDAS architecture loss became \(loss.item); the last good checkpoint is in \(run.url.path)"
      )
    }
    loss.backward()
    let gradients = weights.gradients
    state.gdas!.step(
      gradient: GDASArchitecture.gradient(
        of: sample, alpha: state.gdas!.alpha, selected: gradients.selected, others: gradients.others
      ))
  }
}

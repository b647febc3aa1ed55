import CairnCore
import CairnData
import CairnEngine
import CairnNetworks
import CairnTraining

/// GDAS (Dong & Yang, CVPR 2019) on any space whose network weights its decisions (`DecisionWeightedNetwork`):
/// after `warmup_epochs` of uniform single-path steps, each step samples a hard path from
/// softmax((log_softmax(α) + g)/τ) for the weight step on the training batch, then moves α by Adam along its
/// straight-through gradient on the next validation batch. τ falls linearly from `temperature_max` at the first
/// GDAS epoch to `temperature_min` at the last.
struct GDASStrategy<Binding: SupernetSpace>: SupernetStepStrategy {
  struct State: Codable {
    var samplerRandom: RandomStream
    /// The warm-up's drop-path and dropout stream (nil in checkpoints written before it was kept).
    var noiseRandom: RandomStream?
    var architecture: GDASArchitecture
    var gumbelRandom: RandomStream
  }

  let warmup: SinglePathStrategy<Binding>
  let space: Binding.Space
  let settings: SupernetConfiguration.GDAS
  let epochs: Int
  let weightedForward: (Tensor, Architecture, DecisionWeights) -> Tensor

  var usesValidationBatches: Bool { true }

  func initialState(seed: UInt64) -> State {
    var alphaRandom = RandomStream(seed: seed, name: "gdas architecture parameters")
    let single = warmup.initialState(seed: seed)
    return State(
      samplerRandom: single.samplerRandom, noiseRandom: single.noiseRandom,
      architecture: GDASArchitecture(
        decisionSizes: space.decisionSizes, random: &alphaRandom, adam: settings.adamSettings),
      gumbelRandom: RandomStream(seed: seed, name: "gdas gumbel"))
  }

  /// τ at `epoch` (0-based): linear from `temperature_max` at the first GDAS epoch to `temperature_min` at the last.
  func temperature(atEpoch epoch: Int) -> Double {
    let span = epochs - settings.warmupEpochs
    guard span > 1 else { return settings.temperatureMax }
    let progress = Double(max(0, epoch - settings.warmupEpochs)) / Double(span - 1)
    return settings.temperatureMin * progress + settings.temperatureMax * (1 - progress)
  }

  func isActive(atEpoch epoch: Int) -> Bool { epoch >= settings.warmupEpochs }

  func trainStep(
    _ network: Network, batch: Batch, at position: StepPosition, state: inout State
  ) throws -> (loss: Double, paths: [Architecture]) {
    guard isActive(atEpoch: position.epoch) else {
      return try warmup.warmupStep(
        network, batch: batch, at: position, samplerRandom: &state.samplerRandom,
        noiseRandom: &state.noiseRandom)
    }
    let (path, loss, _, _) = try pass(
      network, batch: batch, temperature: temperature(atEpoch: position.epoch), state: &state)
    return (loss, [path])
  }

  func afterOptimizerStep(
    _ network: Network, validation: ValidationBatches, at position: StepPosition,
    state: inout State
  ) throws {
    guard isActive(atEpoch: position.epoch) else { return }
    zeroGradients(network)
    let (_, loss, sample, weights) = try pass(
      network, batch: validation.next(), temperature: temperature(atEpoch: position.epoch),
      state: &state)
    guard loss.isFinite else {
      throw CairnError.failure("the GDAS architecture loss became \(loss)")
    }
    let gradients = weights.gradients
    state.architecture.step(
      gradient: GDASArchitecture.gradient(
        of: sample, alpha: state.architecture.alpha, selected: gradients.selected,
        others: gradients.others))
    zeroGradients(network)
  }

  /// One GDAS forward and backward pass on `batch`: the sampled path, its loss, the sample and the weights.
  func pass(
    _ network: Network, batch: Batch, temperature: Double, state: inout State
  ) throws -> (Architecture, Double, GDASSample, DecisionWeights) {
    let sample = state.architecture.sample(temperature: temperature, using: &state.gumbelRandom)
    let path = try space.architecture(choices: sample.choices)
    let weights = DecisionWeights.gdasForward(count: sample.choices.count)
    let loss = weightedForward(Tensor(shape: batch.shape, values: batch.images), path, weights)
      .softmaxCrossEntropy(labels: batch.labels, labelSmoothing: warmup.labelSmoothing)
    let value = Double(loss.item)
    if value.isFinite { loss.backward() }
    return (path, value, sample, weights)
  }

  func zeroGradients(_ network: Network) {
    for parameter in network.trainableParameters() { parameter.grad = nil }
  }

  func describe(_ state: State, epoch: Int, into event: inout EpochEvent) {
    guard isActive(atEpoch: epoch - 1) else { return }
    event.gdasArchitecture = derivedArchitecture(state)
    event.gdasTemperature = temperature(atEpoch: epoch - 1)
  }

  func derivedArchitecture(_ state: State) -> String? {
    (try? space.architecture(choices: state.architecture.derivedChoices)).map(space.format)
  }
}

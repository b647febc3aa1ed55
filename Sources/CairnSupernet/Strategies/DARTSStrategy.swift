import CairnCore
import CairnData
import CairnEngine
import CairnNetworks
import CairnSpaces
import CairnTraining

/// DARTS (`training.sampler: darts`, settings in `differentiable`) on any space whose network mixes its options
/// (`MixtureNetwork`): after the warm-up, each step trains the weights with every decision mixed by softmax(α),
/// then moves α by Adam on the next validation batch (first order, or second order through one unrolled weight
/// step on the same training batch).
struct DARTSStrategy<Binding: SupernetSpace>: SupernetStepStrategy {
  struct State: Codable {
    var samplerRandom: RandomStream
    /// The warm-up's drop-path and dropout stream (nil in checkpoints written before it was kept).
    var noiseRandom: RandomStream?
    var architecture: GDASArchitecture
    var validationLoss: Double?
  }

  let warmup: SinglePathStrategy<Binding>
  let space: Binding.Space
  /// The decisions α has rows for (`SupernetSpace.mixtureDecisions`), before any edge-normalization rows.
  let decisions: [Decision]
  /// The architecture of softmax(α)'s decision rows (`SupernetSpace.derive`).
  let derive: ([[Double]]) -> Architecture?
  let settings: SupernetConfiguration.Differentiable
  /// ξ of the unrolled step.
  let unrolledLearningRate: Double
  let weightDecay: Double
  let mixtureForward: (Tensor, OperationMixture) -> FeatureOutputs
  /// The training batch of the step, for the second-order unroll (not saved: used within the step).
  let pendingBatch = StepMemo<Batch>()

  var usesValidationBatches: Bool { true }

  func initialState(seed: UInt64) -> State {
    var alphaRandom = RandomStream(seed: seed, name: "darts architecture parameters")
    let single = warmup.initialState(seed: seed)
    return State(
      samplerRandom: single.samplerRandom, noiseRandom: single.noiseRandom,
      architecture: GDASArchitecture(
        decisionSizes: decisions.map(\.size)
          + (settings.edgeNormalization ? Binding.edgeNormalizationSizes : []),
        random: &alphaRandom, adam: settings.adamSettings))
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
    let mixture = OperationMixture(state.architecture.probabilities, differentiable: false)
    let loss = mixtureForward(Tensor(shape: batch.shape, values: batch.images), mixture).logits
      .softmaxCrossEntropy(labels: batch.labels, labelSmoothing: warmup.labelSmoothing)
    loss.backward()
    pendingBatch.set(batch)
    // The mixture runs every option; the argmax path (when it is a valid architecture) stands for it.
    let path = derivedPath(state)
    return (Double(loss.item), path.map { [$0] } ?? [])
  }

  func afterOptimizerStep(
    _ network: Network, validation: ValidationBatches, at position: StepPosition,
    state: inout State
  ) throws {
    guard isActive(atEpoch: position.epoch) else { return }
    let validationBatch = validation.next()
    guard
      let result = architectureGradient(
        network, train: pendingBatch.take(), validation: validationBatch,
        alpha: state.architecture.alpha)
    else { return }
    try moveArchitecture(&state, gradient: result.gradient, loss: result.loss)
  }

  /// ∇α L_val of the first or second order (`differentiable.order`) and the validation loss; nil for the second
  /// order without the step's training batch.
  func architectureGradient(
    _ network: Network, train: Batch?, validation: Batch, alpha: [[Double]]
  ) -> (gradient: [[Double]], loss: Double)? {
    let hypergradient = DARTSHypergradient(
      forward: { mixtureForward($0, $1).logits }, parameters: network.trainableParameters())
    switch settings.order {
    case .first:
      return hypergradient.firstOrder(validation: validation, alpha: alpha)
    case .second:
      guard let train else { return nil }
      return hypergradient.secondOrder(
        train: train, validation: validation, alpha: alpha, xi: unrolledLearningRate,
        weightDecay: weightDecay)
    }
  }

  /// Moves α by Adam along `gradient` and keeps `loss` for the epoch's event; throws when either is not finite.
  func moveArchitecture(_ state: inout State, gradient: [[Double]], loss: Double) throws {
    guard loss.isFinite, gradient.joined().allSatisfy(\.isFinite) else {
      throw CairnError.failure("the architecture loss became \(loss)")
    }
    state.architecture.step(gradient: gradient)
    state.validationLoss = loss
  }

  func describe(_ state: State, epoch: Int, into event: inout EpochEvent) {
    guard isActive(atEpoch: epoch - 1) else { return }
    event.dartsArchitecture = derivedArchitecture(state)
    event.dartsValidationLoss = state.validationLoss
    event.architectureWeights = state.architecture.probabilities
  }

  func derivedArchitecture(_ state: State) -> String? { derivedPath(state).map(space.format) }

  /// The architecture of α's decision rows (edge-normalization rows left out).
  func derivedPath(_ state: State) -> Architecture? {
    derive(Array(state.architecture.probabilities.prefix(decisions.count)))
  }
}

import CairnCore
import CairnData
import CairnEngine
import CairnNetworks
import CairnTraining
import Foundation

/// The transferability-encouraging tri-level method (`training.sampler: tri-level`, settings in `tri_level`; see
/// `SupernetConfiguration.TriLevel` and `TriLevelHypergradient`) on any space whose network mixes its options.
/// After DARTS's warm-up, each step trains the super-net's weights as DARTS does; then the auxiliary model V takes
/// one SGD step of its own on the same training batch (CE + λ·L_QRS against the super-net's features); then α
/// moves by Adam along DARTS's gradient of L_val(W) plus γ times the gradient of V's unrolled validation loss.
///
/// V's weights and momentum are part of the strategy's state (safetensors bytes), so checkpoints and resumes
/// carry them; the module holding them is reloaded whenever the state is not the one it last wrote.
struct TriLevelStrategy<Binding: SupernetSpace>: SupernetStepStrategy {
  struct State: Codable {
    var darts: DARTSStrategy<Binding>.State
    /// The base of each step's quadruple stream (never advanced: step s draws from `derived("step s")`).
    var quadrupleRandom: RandomStream
    /// V's tensors (`model.*`) and its optimizer's momentum (`optimizer.*`), as safetensors bytes.
    var auxiliary: Data
    /// V's updates so far: which `auxiliary` the live module holds.
    var auxiliarySteps = 0
    var auxiliaryLoss: Double?
    var transferLoss: Double?
    var auxiliaryValidationLoss: Double?
  }

  let darts: DARTSStrategy<Binding>
  let model: AuxiliaryModel
  let optimizer: SGD
  let settings: SupernetConfiguration.TriLevel
  let weightDecay: Double
  /// Which state the live V holds (nil: none yet, reload from the state).
  private let liveSteps = StepMemo<Int>()

  init(
    darts: DARTSStrategy<Binding>, model: AuxiliaryModel, settings: SupernetConfiguration.TriLevel,
    weightDecay: Float
  ) {
    self.darts = darts
    self.model = model
    self.settings = settings
    self.weightDecay = Double(weightDecay)
    optimizer = SGD(
      parameters: model.network.namedParameters(), learningRate: settings.auxiliaryLearningRate,
      momentum: settings.auxiliaryMomentum, weightDecay: weightDecay)
  }

  var usesValidationBatches: Bool { true }

  func initialState(seed: UInt64) -> State {
    State(
      darts: darts.initialState(seed: seed),
      quadrupleRandom: RandomStream(seed: seed, name: "tri-level quadruples"),
      auxiliary: savedAuxiliary())
  }

  func trainStep(
    _ network: Network, batch: Batch, at position: StepPosition, state: inout State
  ) throws -> (loss: Double, paths: [Architecture]) {
    try darts.trainStep(network, batch: batch, at: position, state: &state.darts)
  }

  func afterOptimizerStep(
    _ network: Network, validation: ValidationBatches, at position: StepPosition,
    state: inout State
  ) throws {
    guard darts.isActive(atEpoch: position.epoch), let train = darts.pendingBatch.take() else {
      return
    }
    try restoreAuxiliary(state)
    let validationBatch = validation.next()
    let alpha = state.darts.architecture.alpha
    let quadruples = state.quadrupleRandom.derived("step \(position.globalStep)")
    let hypergradient = TriLevelHypergradient(
      main: darts.mixtureForward, mainParameters: network.trainableParameters(),
      auxiliary: model.forward, auxiliaryParameters: model.network.trainableParameters(),
      similarity: settings.similarity, transferWeight: settings.transferWeight)
    // Level 2: V learns from the super-net as its weights now are.
    let step = hypergradient.auxiliaryLoss(on: train, alpha: alpha, quadruples: quadruples)
    step.loss.backward()
    optimizer.step()
    optimizer.zeroGrad()
    state.auxiliarySteps += 1
    (state.auxiliaryLoss, state.transferLoss) = (Double(step.loss.item), step.transfer)
    state.auxiliary = savedAuxiliary()
    liveSteps.set(state.auxiliarySteps)
    // Level 3: α against both validation losses.
    guard
      let main = darts.architectureGradient(
        network, train: train, validation: validationBatch, alpha: alpha)
    else { return }
    let transfer = hypergradient.hypergradient(
      train: train, validation: validationBatch, alpha: alpha,
      xi: settings.auxiliaryUnrolledLearningRate ?? Double(settings.auxiliaryLearningRate),
      weightDecay: weightDecay, quadruples: quadruples)
    state.auxiliaryValidationLoss = transfer.loss
    try darts.moveArchitecture(
      &state.darts,
      gradient: DARTSHypergradient.combined(
        main.gradient, transfer.gradient, scale: settings.auxiliaryWeight),
      loss: main.loss + settings.auxiliaryWeight * transfer.loss)
  }

  func describe(_ state: State, epoch: Int, into event: inout EpochEvent) {
    darts.describe(state.darts, epoch: epoch, into: &event)
    guard darts.isActive(atEpoch: epoch - 1) else { return }
    event.auxiliaryLoss = state.auxiliaryLoss
    event.transferLoss = state.transferLoss
    event.auxiliaryValidationLoss = state.auxiliaryValidationLoss
  }

  func derivedArchitecture(_ state: State) -> String? { darts.derivedArchitecture(state.darts) }

  /// V's tensors and momentum as safetensors bytes.
  private func savedAuxiliary() -> Data {
    Safetensors.encode(CheckpointTensors.of(model.network, optimizer))
  }

  /// Loads V and its momentum from `state` unless the live module already holds them.
  private func restoreAuxiliary(_ state: State) throws {
    guard liveSteps.peek() != state.auxiliarySteps else { return }
    let tensors = try Safetensors.decode(state.auxiliary, path: "the tri-level auxiliary model")
      .tensors
    try CheckpointTensors.load(tensors, into: model.network, optimizer)
    liveSteps.set(state.auxiliarySteps)
  }
}

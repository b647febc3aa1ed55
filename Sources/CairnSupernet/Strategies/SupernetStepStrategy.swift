import CairnCore
import CairnData
import CairnEngine
import CairnTraining

/// What happens in one super-net training step before the landmark term: which paths run on the training batch,
/// and what (if anything) follows the optimizer step. Each strategy keeps its own Codable state, saved with every
/// checkpoint.
///
/// The landmark term (`LandmarkTerm`) composes with any strategy; the run loop around them is `TrainingLoop`.
protocol SupernetStepStrategy {
  associatedtype Binding: SupernetSpace
  associatedtype State: Codable
  typealias Network = Binding.Network
  typealias Architecture = Binding.Space.Architecture

  /// The state at the start of a run with seed `seed`.
  func initialState(seed: UInt64) -> State

  /// Forward and backward passes of the task loss on one training batch; returns the mean loss over the paths
  /// and the paths that ran.
  func trainStep(
    _ network: Network, batch: Batch, at position: StepPosition, state: inout State
  ) throws -> (loss: Double, paths: [Architecture])

  /// Runs after the optimizer step, with the validation stream (GDAS's architecture step).
  func afterOptimizerStep(
    _ network: Network, validation: ValidationBatches, at position: StepPosition,
    state: inout State
  ) throws

  /// Whether the strategy has a correction pass after the optimizer step.
  var correctsAfterStep: Bool { get }

  /// Runs right after the optimizer step on the same batch, gradients zeroed: accumulates gradients and returns
  /// true for one more optimizer step, or false (in-place distillation's max-recover).
  func correctionPass(
    _ network: Network, batch: Batch, at position: StepPosition, state: inout State
  ) throws -> Bool

  /// Adds the strategy's fields to the epoch's event (1-based `epoch`).
  func describe(_ state: State, epoch: Int, into event: inout EpochEvent)

  /// Whether the strategy draws validation batches (so the validation loader prefetches).
  var usesValidationBatches: Bool { get }

  /// The architecture the strategy itself proposes at the end of training (GDAS: the argmax of α), as text.
  func derivedArchitecture(_ state: State) -> String?
}

extension SupernetStepStrategy {
  func afterOptimizerStep(
    _ network: Network, validation: ValidationBatches, at position: StepPosition,
    state: inout State
  ) throws {}

  func describe(_ state: State, epoch: Int, into event: inout EpochEvent) {}

  var correctsAfterStep: Bool { false }

  func correctionPass(
    _ network: Network, batch: Batch, at position: StepPosition, state: inout State
  ) throws -> Bool { false }

  var usesValidationBatches: Bool { false }

  func derivedArchitecture(_ state: State) -> String? { nil }
}

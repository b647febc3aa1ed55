import CairnData

/// Where a training step sits in the run.
public struct StepPosition: Sendable {
  /// 0-based epoch.
  public var epoch: Int
  /// 0-based step within the epoch.
  public var step: Int
  public var stepsPerEpoch: Int
  public var epochs: Int

  /// The 0-based step counted from the start of the run.
  public var globalStep: Int { epoch * stepsPerEpoch + step }
  /// Progress in (fractional) epochs, what learning-rate schedules take.
  public var progress: Double { Double(epoch) + Double(step) / Double(stepsPerEpoch) }
}

/// What one step's forward and backward passes report to the run loop.
public struct StepOutcome: Sendable {
  /// The task loss, a mean over the batch (and over the paths of a multi-path step).
  public var loss: Double
  /// An added loss (the landmark ranking term), 0 when there is none.
  public var auxiliaryLoss: Double
  /// Correctly classified images of the batch, when the task counts them.
  public var correct: Int?
  /// Images in the batch.
  public var images: Int
  /// Forward passes over the batch's images (paths × images), for throughput.
  public var imagesProcessed: Int

  public init(
    loss: Double, auxiliaryLoss: Double = 0, correct: Int? = nil, images: Int, imagesProcessed: Int
  ) {
    self.loss = loss
    self.auxiliaryLoss = auxiliaryLoss
    self.correct = correct
    self.images = images
    self.imagesProcessed = imagesProcessed
  }
}

/// What a run loop trains: what happens in a step and at the end of an epoch, with its own saved state.
///
/// The loop (`TrainingLoop`) owns everything around the step: the cursor, the learning rate, zeroing gradients, the
/// non-finite-loss guard, the gradient reducer, clipping, the optimizer step, progress, the metrics log,
/// interruption and checkpoints. A task's `State` is saved in every checkpoint beside the loop's.
public protocol TrainingTask: AnyObject {
  /// What the task keeps across steps and checkpoints (random streams, samplers, landmarks, …).
  associatedtype State: Codable
  /// What a finished run returns.
  associatedtype Result

  /// The forward and backward passes of one step; gradients accumulate in the parameters.
  func step(_ batch: Batch, at position: StepPosition, state: inout State) throws -> StepOutcome

  /// Runs after the optimizer step (GDAS's architecture step); the loop zeroes gradients before the next step.
  func afterOptimizerStep(at position: StepPosition, state: inout State) throws

  /// Whether the task has a correction pass (`correctionPass`); false by default.
  var correctsAfterStep: Bool { get }

  /// Runs right after the optimizer step, on the same batch, with gradients zeroed: accumulates gradients and
  /// returns true for one more optimizer step (gradient reducer, clipping and the same learning rate), or returns
  /// false for none. In-place distillation's max-recover retrains the paths the step made worse. Data-parallel
  /// processes must agree on the answer.
  func correctionPass(_ batch: Batch, at position: StepPosition, state: inout State) throws -> Bool

  /// Runs after the last step of `epoch` (1-based): evaluation, landmark rounds; fills the epoch's event.
  func endEpoch(_ epoch: Int, finished: Bool, state: inout State, event: inout EpochEvent) throws

  /// The result of the finished run, written where the task keeps it; `loop` has the training time.
  func finish(state: State, loop: LoopState) throws -> Result

  /// The result of a run that had already finished before this process started.
  func finishedResult(state: State, loop: LoopState) throws -> Result
}

extension TrainingTask {
  public func afterOptimizerStep(at position: StepPosition, state: inout State) throws {}

  public var correctsAfterStep: Bool { false }

  public func correctionPass(_ batch: Batch, at position: StepPosition, state: inout State) throws
    -> Bool
  { false }
}

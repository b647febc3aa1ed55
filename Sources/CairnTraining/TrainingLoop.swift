import CairnCore
import CairnData
import CairnEngine
import Foundation

/// Called between the backward passes and gradient clipping with the parameters that receive gradients: where a
/// data-parallel run averages gradients across processes.
public typealias GradientReducer = ([Tensor]) throws -> Void
/// Combines a step's outcome over the processes of a data-parallel job (the whole batch's loss and counts), so
/// metrics and the non-finite-loss stop are the same on every process.
public typealias OutcomeReducer = (StepOutcome) -> StepOutcome

/// The one run loop of Cairn: stand-alone and super-net training differ only in their `TrainingTask`.
///
/// Each step: set the learning rate from the schedule, zero gradients, take the next batch, let the task run its
/// forward and backward passes, stop on a non-finite loss (the last good checkpoint stays), reduce gradients
/// (`gradientReducer`), clip the global gradient norm, take one optimizer step, let the task act after it, report
/// progress. After an epoch's last step the task evaluates, the loop appends the epoch's event to metrics.jsonl
/// and writes a checkpoint (weights, optimizer buffers, the loop's and the task's state, atomically). On
/// interruption it checkpoints and throws `RunInterrupted`; running it again resumes where it stopped, to the same
/// weights as an uninterrupted run.
public final class TrainingLoop<Task: TrainingTask> {
  /// How the loop runs; all values are checked by the configuration that made them.
  public struct Settings: Sendable {
    public var epochs: Int
    public var schedule: any LearningRateSchedule
    /// The largest global gradient norm, nil for no clipping.
    public var gradientClip: Float?
    /// Names the checkpoint format (`cairn-supernet-2`, `cairn-standalone-2`).
    public var format: String
    /// The configuration the run belongs to; a checkpoint of another configuration is refused.
    public var configurationIdentity: ConfigurationIdentity

    public init(
      epochs: Int, schedule: any LearningRateSchedule, gradientClip: Float?, format: String,
      configurationIdentity: ConfigurationIdentity
    ) {
      self.epochs = epochs
      self.schedule = schedule
      self.gradientClip = gradientClip
      self.format = format
      self.configurationIdentity = configurationIdentity
    }
  }

  public let task: Task
  public let settings: Settings
  let network: Module
  let optimizer: any Optimizer
  let run: RunDirectory
  public var gradientReducer: GradientReducer?
  public var outcomeReducer: OutcomeReducer?
  public var onProgress: ((TrainingProgress) -> Void)?
  public var onLog: ((String) -> Void)?
  /// Stops (as if interrupted) after this many steps in this process; for tests of resumption.
  public var stopAfterSteps: Int?
  /// For tests of the non-finite-loss stop: the 0-based global step whose loss is replaced by NaN.
  public var poisonedStep: Int?

  public init(
    task: Task, network: Module, optimizer: any Optimizer, run: RunDirectory, settings: Settings
  ) {
    self.task = task
    self.network = network
    self.optimizer = optimizer
    self.run = run
    self.settings = settings
  }

  /// The saved loop and task state, loading the checkpoint's weights and optimizer buffers, or nil when the run
  /// directory has no checkpoint.
  public func restore() throws -> (loop: LoopState, task: Task.State)? {
    guard run.hasCheckpoint else { return nil }
    return try run.restoreTrainingCheckpoint(
      into: network, optimizer: optimizer, configurationIdentity: settings.configurationIdentity,
      as: Task.State.self)
  }

  /// Trains from `loader` (whose start must be the saved cursor) until the last epoch, or returns the saved
  /// result of a finished run.
  public func train(
    from loader: BatchLoader, loop start: LoopState, task initial: Task.State
  ) throws -> Task.Result {
    var loop = start
    var state = initial
    let stepsPerEpoch = loader.batchesPerEpoch
    let trainable = network.trainableParameters()
    var stepsThisProcess = 0
    while loop.cursor.epoch < settings.epochs {
      let position = StepPosition(
        epoch: loop.cursor.epoch, step: loop.cursor.batch, stepsPerEpoch: stepsPerEpoch,
        epochs: settings.epochs)
      let started = DispatchTime.now().uptimeNanoseconds
      optimizer.learningRate = settings.schedule.rate(at: position.progress)
      optimizer.zeroGrad()
      let batch = loader.next()
      var outcome = try task.step(batch, at: position, state: &state)
      if poisonedStep == position.globalStep { outcome.loss = .nan }
      if let outcomeReducer { outcome = outcomeReducer(outcome) }
      guard outcome.loss.isFinite && outcome.auxiliaryLoss.isFinite else {
        throw CairnError.failure(
          "training loss became \(outcome.loss + outcome.auxiliaryLoss) at epoch \(position.epoch + 1), step \(position.step); the last good checkpoint is in \(run.url.path)"
        )
      }
      try gradientReducer?(trainable)
      if let clip = settings.gradientClip { clipGradientNorm(trainable, maxNorm: clip) }
      optimizer.step()
      if task.correctsAfterStep {
        optimizer.zeroGrad()
        if try task.correctionPass(batch, at: position, state: &state) {
          try gradientReducer?(trainable)
          if let clip = settings.gradientClip { clipGradientNorm(trainable, maxNorm: clip) }
          optimizer.step()
        }
      }
      try task.afterOptimizerStep(at: position, state: &state)
      loop.cursor = batch.cursor.advanced(batchesPerEpoch: stepsPerEpoch)
      loop.add(outcome, seconds: Double(DispatchTime.now().uptimeNanoseconds - started) * 1e-9)
      stepsThisProcess += 1
      report(loop, position: position, outcome: outcome)
      if loop.cursor.batch == 0 {
        let finished = loop.cursor.epoch == settings.epochs
        try endEpoch(position.epoch + 1, finished: finished, loop: &loop, state: &state)
        if finished { return try task.finish(state: state, loop: loop) }
      }
      if Interruption.isRequested || stepsThisProcess == stopAfterSteps {
        try checkpoint(loop, state)
        throw RunInterrupted(runDirectory: run.url.path)
      }
    }
    return try task.finishedResult(state: state, loop: loop)
  }

  private func endEpoch(
    _ epoch: Int, finished: Bool, loop: inout LoopState, state: inout Task.State
  ) throws {
    var event = EpochEvent(epoch: epoch)
    event.trainLoss = loop.epochLoss
    event.trainAccuracy = loop.epochAccuracy
    event.landmarkLoss = loop.epochAuxiliaryLoss
    event.learningRate = Double(optimizer.learningRate)
    event.imagesPerSecond = loop.imagesPerSecond
    try task.endEpoch(epoch, finished: finished, state: &state, event: &event)
    try run.writeMetrics(run.metricsLines() + [event.jsonLine])
    loop.metricsLines = run.metricsLines().count
    loop.startEpoch()
    try checkpoint(loop, state)
  }

  private func report(_ loop: LoopState, position: StepPosition, outcome: StepOutcome) {
    guard let onProgress else { return }
    let rate = loop.imagesPerSecond
    let remainingSteps =
      (settings.epochs - loop.cursor.epoch) * position.stepsPerEpoch - loop.cursor.batch
    onProgress(
      TrainingProgress(
        epoch: position.epoch, epochs: settings.epochs, step: position.step + 1,
        stepsPerEpoch: position.stepsPerEpoch, loss: loop.epochLoss,
        accuracy: outcome.correct == nil ? .nan : loop.epochAccuracy, imagesPerSecond: rate,
        secondsRemaining: Double(max(remainingSteps, 0)) * Double(outcome.imagesProcessed) / rate))
  }

  /// Writes the checkpoint atomically.
  public func checkpoint(_ loop: LoopState, _ state: Task.State) throws {
    try run.saveCheckpoint(
      network: network, optimizer: optimizer,
      state: CheckpointState(
        configuration: settings.configurationIdentity.text, loop: loop, task: state),
      format: settings.format)
  }
}

extension RunDirectory {
  /// Loads a `TrainingLoop` checkpoint's weights into `network` and returns its loop state and the task state as
  /// `TaskState` (any Decodable view of the task's state, e.g. only the fields a scorer needs); throws when the
  /// checkpoint belongs to another configuration.
  public func restoreTrainingCheckpoint<TaskState: Decodable>(
    into network: Module, optimizer: any Optimizer, configurationIdentity: ConfigurationIdentity,
    as type: TaskState.Type
  ) throws -> (loop: LoopState, task: TaskState) {
    let saved = try restoreCheckpoint(
      into: network, optimizer: optimizer, as: CheckpointState<TaskState>.self
    ) { configurationIdentity.matches($0.configuration) }
    return (saved.loop, saved.task)
  }
}

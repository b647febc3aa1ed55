import CairnData

/// What the run loop saves in every checkpoint besides the task's state.
public struct LoopState: Codable, Hashable, Sendable {
  /// The next batch of the training loader.
  public var cursor = LoaderCursor()
  /// Lines of metrics.jsonl written up to this checkpoint (later lines are dropped on resume).
  public var metricsLines = 0
  /// Training time in seconds, without evaluation.
  public var trainingSeconds = 0.0
  /// Forward passes over images so far (paths × images), for throughput.
  public var imagesProcessed = 0
  /// Sums over the current epoch's steps: task loss × images, added loss × images, correct, images.
  public var epochLossSum = 0.0
  public var epochAuxiliaryLossSum = 0.0
  public var epochCorrect = 0
  public var epochImages = 0

  public init() {}

  mutating func add(_ outcome: StepOutcome, seconds: Double) {
    epochLossSum += outcome.loss * Double(outcome.images)
    epochAuxiliaryLossSum += outcome.auxiliaryLoss * Double(outcome.images)
    epochCorrect += outcome.correct ?? 0
    epochImages += outcome.images
    trainingSeconds += seconds
    imagesProcessed += outcome.imagesProcessed
  }

  mutating func startEpoch() {
    epochLossSum = 0
    epochAuxiliaryLossSum = 0
    epochCorrect = 0
    epochImages = 0
  }

  var epochLoss: Double { epochLossSum / Double(max(epochImages, 1)) }
  var epochAuxiliaryLoss: Double { epochAuxiliaryLossSum / Double(max(epochImages, 1)) }
  var epochAccuracy: Double { Double(epochCorrect) / Double(max(epochImages, 1)) }
  /// Throughput so far: forward passes over images per second of training.
  public var imagesPerSecond: Double { Double(imagesProcessed) / max(trainingSeconds, 1e-9) }
}

/// A checkpoint's run state: the loop's and the task's, with the identity of the configuration they belong to.
struct CheckpointState<TaskState> {
  var configuration: String
  var loop: LoopState
  var task: TaskState
}

extension CheckpointState: Encodable where TaskState: Encodable {}
extension CheckpointState: Decodable where TaskState: Decodable {}

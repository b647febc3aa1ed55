import CairnCore
import CairnData
import CairnEngine
import CairnNetworks
import CairnSpaces
import Foundation

/// Progress of a training run, reported after every step.
public struct TrainingProgress: Sendable {
  public var epoch: Int
  public var epochs: Int
  public var step: Int
  public var stepsPerEpoch: Int
  public var loss: Double
  public var accuracy: Double
  public var imagesPerSecond: Double
  public var secondsRemaining: Double

  public init(
    epoch: Int, epochs: Int, step: Int, stepsPerEpoch: Int, loss: Double, accuracy: Double,
    imagesPerSecond: Double, secondsRemaining: Double
  ) {
    self.epoch = epoch
    self.epochs = epochs
    self.step = step
    self.stepsPerEpoch = stepsPerEpoch
    self.loss = loss
    self.accuracy = accuracy
    self.imagesPerSecond = imagesPerSecond
    self.secondsRemaining = secondsRemaining
  }
}

/// The outcome of a stand-alone training run (also written to result.json).
public struct StandaloneResult: Codable, Sendable {
  public var architecture: String
  public var dataset: String
  public var epochs: Int
  public var testAccuracy: Double
  public var testLoss: Double
  public var trainAccuracy: Double
  public var parameters: Int
  public var trainingSeconds: Double
  public var imagesPerSecond: Double
}

/// Trains one architecture from scratch (SGD with momentum, cosine learning rate per step) and evaluates it on the
/// test split after every epoch. Checkpoints every epoch and on interruption; resumes from the run directory.
public final class StandaloneTrainer {
  public let configuration: StandaloneConfiguration
  public let run: RunDirectory
  /// Called after every training step.
  public var onProgress: ((TrainingProgress) -> Void)?
  /// Called with one line of text per epoch.
  public var onLog: ((String) -> Void)?
  /// Stops (as if interrupted) after this many steps in this process; for tests of resumption.
  public var stopAfterSteps: Int?

  public init(configuration: StandaloneConfiguration, runDirectory: RunDirectory) throws(CairnError)
  {
    try configuration.validate()
    self.configuration = configuration
    run = runDirectory
  }

  /// Runs (or resumes) training to the configured number of epochs.
  public func train() throws -> StandaloneResult {
    let binding = try StandaloneRegistry.space(named: configuration.space)
    return try withConvolutionPrecision(configuration.precision ?? .float32) {
      try train(binding)
    }
  }

  private func train<Binding: StandaloneSpace>(_ binding: Binding.Type) throws -> StandaloneResult {
    let config = configuration
    let architecture = try Binding.architecture(config.architecture)
    try AtomicFile.prepareDirectory(run.url)
    let splits = try DatasetLocator.load(config.dataset, explicit: config.dataDirectory)
    let trainIndices = splits.trainIndices(limit: config.limit)
    let testIndices = splits.testIndices(limit: config.limit)
    let size: FashionMNISTSize = config.padFashionMNIST ? .padded32 : .native28
    let trainTransform = ImageTransform.training(
      for: config.dataset, fashionMNISTSize: size, augmentation: config.augmentation ?? .cropFlip)
    let testLoader = try BatchLoader(
      dataset: splits.test, indices: testIndices, batchSize: 256, shuffle: false,
      transform: ImageTransform.evaluation(for: config.dataset, fashionMNISTSize: size),
      augment: false, dropLast: false, seed: 0, prefetch: 1)

    var random = RandomStream(seed: config.seed, name: "initialisation")
    let network = try Binding.makeNetwork(
      architecture, configuration: config, classes: splits.train.classCount,
      inputChannels: splits.train.channels, random: &random)
    let optimizer = SGD(
      parameters: network.namedParameters(), learningRate: config.learningRate,
      momentum: config.momentum, weightDecay: config.weightDecay, nesterov: config.nesterov)
    let task = StandaloneTask(
      network: network, architecture: architecture, testLoader: testLoader, run: run,
      configuration: config)
    task.onLog = onLog
    let loop = TrainingLoop(
      task: task, network: network, optimizer: optimizer, run: run,
      settings: .init(
        epochs: config.epochs,
        schedule: CosineAnnealing(
          base: config.learningRate, minimum: config.minimumLearningRate,
          length: Double(config.epochs)),
        gradientClip: nil, format: "cairn-standalone-2",
        configurationIdentity: try ConfigurationIdentity(of: config)))
    loop.onProgress = onProgress
    loop.stopAfterSteps = stopAfterSteps

    var loopState = LoopState()
    var taskState = StandaloneTask<Binding.Network>.State()
    if let saved = try loop.restore() {
      (loopState, taskState) = saved
      try run.writeMetrics(Array(run.metricsLines().prefix(loopState.metricsLines)))
      onLog?(
        "resuming from epoch \(loopState.cursor.epoch + 1), step \(loopState.cursor.batch) of \(run.url.path)"
      )
    } else {
      try AtomicFile.write(
        config.yaml + "cairn_version: \(CairnVersion.current)\n", to: run.configURL)
      try run.writeMetrics([])
    }
    let loader = try BatchLoader(
      dataset: splits.train, indices: trainIndices, batchSize: config.batchSize, shuffle: true,
      transform: trainTransform, augment: true, dropLast: false, seed: config.seed,
      start: loopState.cursor)
    return try loop.train(from: loader, loop: loopState, task: taskState)
  }

}

/// One stand-alone training step: cross-entropy of the architecture's network on the batch; test accuracy after
/// every epoch.
final class StandaloneTask<Network: ArchitectureNetwork>: TrainingTask {
  struct State: Codable {
    var lastTest: ClassificationEvaluation?
    var trainAccuracy = Double.nan
    /// The stream drop-path masks come from, once drop-path has drawn any (checkpoints of runs without it, and
    /// of older versions, have none).
    var dropPathRandom: RandomStream?
  }

  let network: Network
  let architecture: Network.Architecture
  let testLoader: BatchLoader
  let run: RunDirectory
  let configuration: StandaloneConfiguration
  var onLog: ((String) -> Void)?

  init(
    network: Network, architecture: Network.Architecture, testLoader: BatchLoader,
    run: RunDirectory, configuration: StandaloneConfiguration
  ) {
    self.network = network
    self.architecture = architecture
    self.testLoader = testLoader
    self.run = run
    self.configuration = configuration
  }

  /// Cross-entropy of the network's logits, plus `auxiliaryWeight` times the cross-entropy of its auxiliary head's
  /// logits when it has one (reported as the step's added loss); drop-path at the epoch's probability.
  func step(_ batch: Batch, at position: StepPosition, state: inout State) throws -> StepOutcome {
    network.train(true)
    var noise = TrainingNoise(
      dropPath: configuration.dropPathProbability(epoch: position.epoch),
      random: state.dropPathRandom ?? RandomStream(seed: configuration.seed, name: "drop path"))
    let outputs = network.trainingOutputs(
      Tensor(shape: batch.shape, values: batch.images), architecture: architecture, noise: &noise)
    if noise.dropPath > 0 { state.dropPathRandom = noise.random }
    let loss = outputs.logits.softmaxCrossEntropy(labels: batch.labels)
    var (total, added) = (loss, 0.0)
    if let auxiliary = outputs.auxiliaryLogits, let weight = configuration.auxiliaryWeight {
      let term = auxiliary.softmaxCrossEntropy(labels: batch.labels).scaled(by: weight)
      (total, added) = (loss + term, Double(term.item))
    }
    let value = Double(loss.item)
    if value.isFinite && added.isFinite { total.backward() }
    let correct = zip(outputs.logits.argmaxRows(), batch.labels).filter { $0 == $1 }.count
    return StepOutcome(
      loss: value, auxiliaryLoss: added, correct: correct, images: batch.count,
      imagesProcessed: batch.count)
  }

  func endEpoch(_ epoch: Int, finished: Bool, state: inout State, event: inout EpochEvent) throws {
    let test = ClassificationEvaluation.measure(
      network, architecture: architecture, batches: testLoader.epoch(0))
    state.lastTest = test
    state.trainAccuracy = event.trainAccuracy ?? .nan
    event.landmarkLoss = nil
    event.testLoss = test.loss
    event.testAccuracy = test.accuracy
    onLog?(
      String(
        format: "epoch %d/%d  train loss %.4f acc %.2f%%  test loss %.4f acc %.2f%%  %.0f img/s",
        epoch, configuration.epochs, event.trainLoss ?? .nan, 100 * (event.trainAccuracy ?? .nan),
        test.loss, 100 * test.accuracy, event.imagesPerSecond ?? .nan))
  }

  func finish(state: State, loop: LoopState) throws -> StandaloneResult {
    let test = state.lastTest ?? ClassificationEvaluation(loss: .nan, accuracy: .nan)
    guard test.loss.isFinite, test.accuracy.isFinite else {
      throw CairnError.failure(
        "the test loss is \(test.loss) after the last epoch (the network diverged); no result in \(run.url.path)"
      )
    }
    let result = StandaloneResult(
      architecture: configuration.architecture, dataset: configuration.dataset.rawValue,
      epochs: configuration.epochs, testAccuracy: test.accuracy, testLoss: test.loss,
      trainAccuracy: state.trainAccuracy, parameters: network.parameterCount,
      trainingSeconds: loop.trainingSeconds, imagesPerSecond: loop.imagesPerSecond)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try AtomicFile.write(try encoder.encode(result), to: run.resultURL)
    return result
  }

  func finishedResult(state: State, loop: LoopState) throws -> StandaloneResult {
    // A run stopped between its last checkpoint and result.json finishes now.
    guard FileManager.default.fileExists(atPath: run.resultURL.path) else {
      return try finish(state: state, loop: loop)
    }
    let data: Data
    do {
      data = try Data(contentsOf: run.resultURL)
    } catch {
      throw CairnError.invalidFile(
        path: run.resultURL.path, problem: "cannot read the finished run's result")
    }
    do {
      return try JSONDecoder().decode(StandaloneResult.self, from: data)
    } catch {
      throw CairnError.invalidFile(path: run.resultURL.path, problem: "not a stand-alone result")
    }
  }
}

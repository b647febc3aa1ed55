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

/// The state saved with every checkpoint, next to the weights and optimizer buffers.
struct StandaloneState: Codable {
  var cursor: LoaderCursor
  var metricsLines: Int
  var configuration: StandaloneConfiguration
  var epochLossSum: Double
  var epochCorrect: Int
  var epochSeen: Int
  var trainingSeconds: Double
  var imagesTrained: Int
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
    let config = configuration
    let architecture = try NB201Architecture(parsing: config.architecture)
    let splits = try DatasetLocator.load(config.dataset, explicit: config.dataDirectory)
    let trainIndices = Array(0..<min(config.limit ?? splits.train.count, splits.train.count))
    let testIndices = Array(
      0..<min(config.limit.map { max($0 / 4, 1) } ?? splits.test.count, splits.test.count))
    let size: FashionMNISTSize = config.padFashionMNIST ? .padded32 : .native28
    let trainTransform = ImageTransform.training(
      for: config.dataset, fashionMNISTSize: size, augmentation: config.augmentation ?? .cropFlip)
    let testTransform = ImageTransform.evaluation(for: config.dataset, fashionMNISTSize: size)

    var random = RandomStream(seed: config.seed, name: "initialisation")
    let network = NB201Network(
      architecture: architecture,
      shape: NB201NetworkShape(
        channels: config.channels, cellsPerStage: config.cellsPerStage,
        classes: splits.train.classCount,
        inputChannels: splits.train.channels),
      random: &random)
    let optimizer = SGD(
      parameters: network.namedParameters(), learningRate: config.learningRate,
      momentum: config.momentum,
      weightDecay: config.weightDecay, nesterov: config.nesterov)

    var state = StandaloneState(
      cursor: LoaderCursor(), metricsLines: 0, configuration: config, epochLossSum: 0,
      epochCorrect: 0,
      epochSeen: 0, trainingSeconds: 0, imagesTrained: 0)
    if run.hasCheckpoint {
      state = try restore(into: network, optimizer: optimizer)
      try run.writeMetrics(Array(run.metricsLines().prefix(state.metricsLines)))
      onLog?(
        "resuming from epoch \(state.cursor.epoch + 1), step \(state.cursor.batch) of \(run.url.path)"
      )
    } else {
      try AtomicFile.write(
        config.yaml + "cairn_version: \(CairnVersion.current)\n", to: run.configURL)
      try run.writeMetrics([])
    }

    let loader = try BatchLoader(
      dataset: splits.train, indices: trainIndices, batchSize: config.batchSize, shuffle: true,
      transform: trainTransform, augment: true, dropLast: false, seed: config.seed,
      start: state.cursor)
    let stepsPerEpoch = loader.batchesPerEpoch
    let schedule = CosineAnnealing(
      base: config.learningRate, minimum: config.minimumLearningRate, length: Double(config.epochs))
    var stepsThisProcess = 0
    var lastTest = (loss: Double.nan, accuracy: Double.nan)

    while state.cursor.epoch < config.epochs {
      network.train(true)
      let batch = loader.next()
      precondition(batch.cursor == state.cursor, "loader out of step with the checkpoint")
      let started = DispatchTime.now().uptimeNanoseconds
      optimizer.learningRate = schedule.rate(
        at: Double(state.cursor.epoch) + Double(state.cursor.batch) / Double(stepsPerEpoch))
      optimizer.zeroGrad()
      let logits = network(
        Tensor(shape: batch.shape, values: batch.images), architecture: architecture)
      let loss = logits.softmaxCrossEntropy(labels: batch.labels)
      let lossValue = Double(loss.item)
      guard lossValue.isFinite else {
        throw CairnError.failure(
          "training loss became \(lossValue) at epoch \(state.cursor.epoch + 1), step \(state.cursor.batch); the last good checkpoint is in \(run.url.path)"
        )
      }
      loss.backward()
      optimizer.step()
      let correct = zip(logits.argmaxRows(), batch.labels).filter { $0 == $1 }.count
      let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) * 1e-9
      state.epochLossSum += lossValue * Double(batch.count)
      state.epochCorrect += correct
      state.epochSeen += batch.count
      state.trainingSeconds += seconds
      state.imagesTrained += batch.count
      state.cursor = batch.cursor.advanced(batchesPerEpoch: stepsPerEpoch)
      stepsThisProcess += 1
      let rate = Double(state.imagesTrained) / max(state.trainingSeconds, 1e-9)
      let remainingImages = Double(
        (config.epochs - state.cursor.epoch) * trainIndices.count - state.cursor.batch
          * config.batchSize)
      onProgress?(
        TrainingProgress(
          epoch: batch.cursor.epoch, epochs: config.epochs, step: batch.cursor.batch + 1,
          stepsPerEpoch: stepsPerEpoch,
          loss: state.epochLossSum / Double(state.epochSeen),
          accuracy: Double(state.epochCorrect) / Double(state.epochSeen), imagesPerSecond: rate,
          secondsRemaining: max(remainingImages, 0) / rate))

      if state.cursor.batch == 0 {
        let epoch = batch.cursor.epoch
        lastTest = evaluate(
          network, architecture: architecture, data: splits.test, indices: testIndices,
          transform: testTransform)
        let trainLoss = state.epochLossSum / Double(state.epochSeen)
        let trainAccuracy = Double(state.epochCorrect) / Double(state.epochSeen)
        try run.appendMetric([
          "event": "epoch", "epoch": epoch + 1, "train_loss": trainLoss,
          "train_accuracy": trainAccuracy,
          "test_loss": lastTest.loss, "test_accuracy": lastTest.accuracy,
          "learning_rate": Double(optimizer.learningRate), "images_per_second": rate,
        ])
        onLog?(
          String(
            format:
              "epoch %d/%d  train loss %.4f acc %.2f%%  test loss %.4f acc %.2f%%  %.0f img/s",
            epoch + 1,
            config.epochs, trainLoss, 100 * trainAccuracy, lastTest.loss, 100 * lastTest.accuracy,
            rate))
        state.metricsLines = run.metricsLines().count
        state.epochLossSum = 0
        state.epochCorrect = 0
        state.epochSeen = 0
        if state.cursor.epoch == config.epochs {
          let result = StandaloneResult(
            architecture: config.architecture, dataset: config.dataset.rawValue,
            epochs: config.epochs,
            testAccuracy: lastTest.accuracy, testLoss: lastTest.loss, trainAccuracy: trainAccuracy,
            parameters: network.parameterCount, trainingSeconds: state.trainingSeconds,
            imagesPerSecond: rate)
          try checkpoint(network, optimizer: optimizer, state: state)
          let encoder = JSONEncoder()
          encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
          try AtomicFile.write(try encoder.encode(result), to: run.resultURL)
          return result
        }
        try checkpoint(network, optimizer: optimizer, state: state)
      }
      if Interruption.isRequested || stepsThisProcess == stopAfterSteps {
        try checkpoint(network, optimizer: optimizer, state: state)
        throw RunInterrupted(runDirectory: run.url.path)
      }
    }
    // Already finished: report the stored result.
    let data = try Data(contentsOf: run.resultURL)
    return try JSONDecoder().decode(StandaloneResult.self, from: data)
  }

  /// Test loss and accuracy with the running batch-norm statistics, without recording gradients.
  func evaluate(
    _ network: NB201Network, architecture: NB201Architecture, data: ImageDataset, indices: [Int],
    transform: ImageTransform
  ) -> (loss: Double, accuracy: Double) {
    network.train(false)
    defer { network.train(true) }
    guard
      let loader = try? BatchLoader(
        dataset: data, indices: indices, batchSize: 256, shuffle: false, transform: transform,
        augment: false,
        dropLast: false, seed: 0, prefetch: 1)
    else { return (.nan, .nan) }
    var lossSum = 0.0
    var correct = 0
    var seen = 0
    withoutGradients {
      for _ in 0..<loader.batchesPerEpoch {
        let batch = loader.next()
        let logits = network(
          Tensor(shape: batch.shape, values: batch.images), architecture: architecture)
        lossSum +=
          Double(logits.softmaxCrossEntropy(labels: batch.labels).item) * Double(batch.count)
        correct += zip(logits.argmaxRows(), batch.labels).filter { $0 == $1 }.count
        seen += batch.count
      }
    }
    return (lossSum / Double(seen), Double(correct) / Double(seen))
  }

  private func checkpoint(_ network: NB201Network, optimizer: SGD, state: StandaloneState) throws {
    try run.saveCheckpoint(
      network: network, optimizer: optimizer, state: state, format: "cairn-standalone-1")
  }

  private func restore(into network: NB201Network, optimizer: SGD) throws -> StandaloneState {
    try run.restoreCheckpoint(into: network, optimizer: optimizer, as: StandaloneState.self) {
      $0.configuration == configuration
    }
  }
}

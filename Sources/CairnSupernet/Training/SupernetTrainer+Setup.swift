import CairnCore
import CairnData
import CairnEngine
import CairnNetworks
import CairnSpaces
import CairnTraining
import Foundation

/// The data of a super-net run: the dataset, the training images in use, and their train/validation split.
struct SupernetData {
  var splits: DatasetSplits
  /// Indices into the training set that the run uses (all, or the first `limit`).
  var all: [Int]
  var split: ValidationSplit
}

extension SupernetTrainer {
  func loadData() throws(CairnError) -> SupernetData {
    let c = configuration
    let splits = try DatasetLocator.load(c.dataset, explicit: c.dataDirectory)
    let all = Array(0..<min(c.limit ?? splits.train.count, splits.train.count))
    let split = try ValidationSplit(
      labels: all.map { splits.train.labels[$0] }, classCount: splits.train.classCount,
      fraction: c.validationFraction, seed: c.seed)
    return SupernetData(splits: splits, all: all, split: split)
  }

  /// The super-net, freshly initialised from the run's seed.
  func makeNetwork(_ data: SupernetData) -> NB201Network {
    let c = configuration
    var random = RandomStream(seed: c.seed, name: "supernet initialisation")
    return NB201Network.supernet(
      shape: NB201NetworkShape(
        channels: c.supernet.channels, cellsPerStage: c.supernet.cellsPerStage,
        classes: data.splits.train.classCount, inputChannels: data.splits.train.channels),
      batchNorm: BatchNormOptions(
        affine: c.supernet.batchNormAffine,
        tracksRunningStatistics: c.supernet.batchNormTracksRunningStatistics),
      sharing: NB201WeightSharing(rawValue: c.supernet.sharing)!, random: &random)
  }

  func makeOptimizer(_ network: NB201Network) -> SGD {
    let t = configuration.training
    return SGD(
      parameters: network.namedParameters(), learningRate: t.learningRate, momentum: t.momentum,
      weightDecay: t.weightDecay, nesterov: t.nesterov)
  }

  /// How batch norm behaves when architectures are scored (`evaluation.batch_norm`).
  var scoringBatchNorm: BatchNormEvaluation {
    let evaluation = configuration.evaluation
    return evaluation.batchNorm == "recalibrated"
      ? .recalibrated(batches: evaluation.recalibrationBatches) : .batchStatistics
  }

  /// The fixed validation batches every architecture is scored on (evaluation transform, no shuffling).
  func makeScoringBatches(_ data: SupernetData) throws(CairnError) -> [Batch] {
    let loader = try BatchLoader(
      dataset: data.splits.train, indices: data.split.validation.map { data.all[$0] },
      batchSize: 256, shuffle: false,
      transform: ImageTransform.evaluation(for: configuration.dataset),
      augment: false, dropLast: false, seed: 0, prefetch: 0)
    let count = min(configuration.evaluation.scoringBatches ?? Int.max, loader.batchesPerEpoch)
    return (0..<count).map { _ in loader.next() }
  }

  /// The network with the weights of the run's latest checkpoint, the run state and the scoring batches.
  func loadCheckpoint() throws -> (
    network: NB201Network, state: SupernetRunState, batches: [Batch]
  ) {
    guard run.hasCheckpoint else {
      throw CairnError.invalidFile(
        path: run.url.path, problem: "no super-net checkpoint in this run directory")
    }
    let data = try loadData()
    let network = makeNetwork(data)
    let state = try run.restoreCheckpoint(
      into: network, optimizer: makeOptimizer(network), as: SupernetRunState.self
    ) { $0.configuration == configuration }
    return (network, state, try makeScoringBatches(data))
  }

  /// Scores the evaluation pool with the weights of the run's latest checkpoint and rewrites scores.csv and
  /// ranking.json (`cairn rank RUN_DIR`).
  public func rankCheckpoint() throws -> SupernetEvaluationResult {
    let loaded = try loadCheckpoint()
    return try evaluate(
      loaded.network, state: loaded.state, batches: loaded.batches, epoch: loaded.state.cursor.epoch
    )
  }

  /// A scorer over the weights of the run's latest checkpoint: any architectures, scored on the run's scoring
  /// batches with its batch-norm evaluation policy (what a search over a trained super-net calls).
  public func checkpointScorer() throws -> (
    _ architectures: [NB201Architecture]
  ) throws(CairnError) -> [SupernetScore] {
    let loaded = try loadCheckpoint()
    let batchNorm = scoringBatchNorm
    return { (architectures: [NB201Architecture]) throws(CairnError) -> [SupernetScore] in
      try SupernetScoring.score(
        loaded.network, architectures: architectures, batches: loaded.batches, batchNorm: batchNorm)
    }
  }

  /// The trainer of the super-net run in `directory`, configured from its config.json.
  public static func trainer(forRunAt directory: String) throws(CairnError) -> SupernetTrainer {
    let url = URL(fileURLWithPath: directory).appendingPathComponent("config.json")
    guard FileManager.default.fileExists(atPath: url.path) else {
      throw .invalidFile(
        path: url.path, problem: "no such file; is \(directory) a super-net run directory?")
    }
    let configuration: SupernetConfiguration
    do {
      configuration = try JSONDecoder().decode(
        SupernetConfiguration.self, from: try Data(contentsOf: url))
    } catch {
      throw .invalidFile(
        path: url.path, problem: "not a super-net run configuration (\(error.localizedDescription))"
      )
    }
    return try SupernetTrainer(configuration: configuration, runDirectory: RunDirectory(directory))
  }
}

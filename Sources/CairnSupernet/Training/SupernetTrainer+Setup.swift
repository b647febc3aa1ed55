import CairnCore
import CairnData
import CairnEngine
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

  /// Scores the evaluation pool with the weights of the run's latest checkpoint and rewrites scores.csv and
  /// ranking.json (`cairn rank RUN_DIR`).
  public func rankCheckpoint() throws -> SupernetEvaluationResult {
    guard run.hasCheckpoint else {
      throw CairnError.invalidFile(
        path: run.url.path, problem: "no super-net checkpoint in this run directory")
    }
    let data = try loadData()
    let network = makeNetwork(data)
    let state = try run.restoreCheckpoint(
      into: network, optimizer: makeOptimizer(network), as: SupernetRunState.self
    ) { $0.configuration == configuration }
    return try evaluate(
      network, state: state, batches: try makeScoringBatches(data), epoch: state.cursor.epoch)
  }
}

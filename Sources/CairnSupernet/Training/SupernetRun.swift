import CairnBenchmarks
import CairnCore
import CairnData
import CairnEngine
import CairnNetworks
import CairnRanking
import CairnSpaces
import CairnTraining
import Foundation

/// A super-net run in one space: its data, super-net, ground truth, landmarks, evaluation pool and files.
///
/// Generic over the space (`SupernetSpace`) and, when training, over the step strategy; `SupernetTrainer` is the
/// space-independent front that picks both from the configuration.
final class SupernetRun<Binding: SupernetSpace> {
  typealias Architecture = Binding.Space.Architecture

  let configuration: SupernetConfiguration
  let directory: RunDirectory
  let space: Binding.Space
  /// The ground truth rankings are measured against (`truth`).
  let truth: GroundTruth
  /// The architectures `truth` knows that the super-net can run: pools, landmarks and searches live here.
  let known: KnownArchitectures<Binding.Space>
  /// The ground truth of `known`'s architectures, in listing order.
  let knownValues: [Double]?
  var onLog: ((String) -> Void)?
  /// The share of each evaluation this process scores (data-parallel runs); nil: the whole pool.
  var scoringShare: ScoringShare?

  init(configuration: SupernetConfiguration, directory: RunDirectory) throws(CairnError) {
    try configuration.validate()
    try Binding.validate(configuration)
    try Self.checkSampler(configuration)
    guard let text = configuration.truth else {
      throw .invalidInput("the configuration needs 'truth: space:metric'")
    }
    let truth = try GroundTruth(parsing: text)
    guard truth.space == Binding.name else {
      throw .invalidInput(
        "truth '\(text)' is ground truth for \(truth.space), but the super-net's space is \(Binding.name)"
      )
    }
    self.configuration = configuration
    self.directory = directory
    self.truth = truth
    space = Binding.space(for: configuration)
    (known, knownValues) = try Binding.knownSpaceAndValues(truth, configuration: configuration)
    try checkSizes()
  }

  /// Refuses a sampler the space cannot run, before any data is read.
  static func checkSampler(_ configuration: SupernetConfiguration) throws(CairnError) {
    let sampler = configuration.training.sampler
    if sampler.mixesOptions {
      guard Binding.mixesOptions else { throw noMixture(sampler) }
      if configuration.differentiable.edgeNormalization && !Binding.normalizesEdges {
        throw .invalidInput(
          "differentiable.edge_normalization needs a network whose nodes sum several edges; \(Binding.name) has none"
        )
      }
    }
    // A named auxiliary architecture must be one of the space's, whatever the sampler.
    if sampler == .triLevel || configuration.triLevel.auxiliary != nil {
      _ = try auxiliaryArchitecture(configuration)
    }
    switch sampler {
    case .largest:
      _ = try largest(configuration)
    case .inplaceDistillation:
      _ = try largest(configuration)
      if configuration.distillation.sandwich && Binding.smallest(for: configuration) == nil {
        throw .invalidInput(
          "distillation.sandwich needs the space's smallest architecture; \(Binding.name) has none")
      }
    default:
      return
    }
  }

  /// The tri-level method's auxiliary architecture: `tri_level.auxiliary`, else the space's default; throws
  /// naming the key when it does not parse or is not valid, or when the space has no auxiliary model.
  static func auxiliaryArchitecture(_ configuration: SupernetConfiguration) throws(CairnError)
    -> Architecture
  {
    guard let text = configuration.triLevel.auxiliary ?? Binding.defaultAuxiliary else {
      throw noAuxiliary
    }
    let space = Binding.space(for: configuration)
    do throws(CairnError) {
      let architecture = try space.parse(text)
      if let problem = space.problem(with: architecture) { throw .invalidInput(problem) }
      return architecture
    } catch {
      throw .invalidInput("tri_level.auxiliary '\(text)': \(error.description)")
    }
  }

  /// The refusal of the tri-level method for a space without an auxiliary model.
  static var noAuxiliary: CairnError {
    .invalidInput(
      "training.sampler tri-level needs an auxiliary model of the space; \(Binding.name) has none")
  }

  /// The refusal of DARTS or the tri-level method for a space whose network does not mix its options.
  static func noMixture(_ sampler: SamplerKind) -> CairnError {
    .invalidInput(
      "training.sampler \(sampler.rawValue) needs a network that mixes its options; \(Binding.name) has none (use uniform, fairnas or gdas)"
    )
  }

  /// The space's largest architecture; throws naming the sampler when the space has none.
  static func largest(_ configuration: SupernetConfiguration) throws(CairnError)
    -> Binding.Space.Architecture
  {
    guard let largest = Binding.largest(for: configuration) else {
      throw .invalidInput(
        "training.sampler \(configuration.training.sampler.rawValue) needs the space's largest architecture; \(Binding.name) has none (use uniform)"
      )
    }
    return largest
  }

  /// Landmarks and the evaluation pool must fit among the known architectures.
  private func checkSizes() throws(CairnError) {
    let c = configuration
    try check(
      c.landmarks.count + c.evaluation.poolSize <= known.count,
      "landmarks.count + evaluation.pool_size", c.landmarks.count + c.evaluation.poolSize,
      "at most the \(known.count) architectures with ground truth in \(truth.description)")
    try check(
      c.landmarks.hammingDistance < space.decisions.count, "landmarks.hamming_distance",
      c.landmarks.hammingDistance, "below the \(space.decisions.count) decisions of \(space.name)")
  }

  /// The ground truth of `architecture` under `truth`: read from the listing when it is listed (no lookup).
  func truthValue(of architecture: Architecture) throws(CairnError) -> Double {
    if let knownValues, let position = known.position(of: architecture) {
      return knownValues[position]
    }
    return try truth.value(forArchitecture: space.format(architecture))
  }

  /// Reads `text` as an architecture of this run's space that the super-net can run.
  func parse(_ text: String) throws(CairnError) -> Architecture {
    let architecture = try space.parse(text)
    guard space.isValid(architecture),
      Binding.admits(architecture, configuration: configuration)
    else {
      throw .invalidInput("architecture \(text) is not one this \(space.name) super-net can run")
    }
    return architecture
  }

  // MARK: Data and network

  func loadData() throws(CairnError) -> SupernetData {
    let c = configuration
    let splits = try DatasetLocator.load(c.dataset, explicit: c.dataDirectory)
    let all = splits.trainIndices(limit: c.limit)
    let split = try ValidationSplit(
      labels: all.map { splits.train.labels[$0] }, classCount: splits.train.classCount,
      fraction: c.validationFraction, seed: c.seed)
    let smallest = min(split.train.count, split.validation.count)
    guard smallest >= c.training.batchSize else {
      throw .invalidInput(
        "training.batch_size \(c.training.batchSize) exceeds the \(smallest) images of the smaller split (limit \(all.count), validation_fraction \(c.validationFraction))"
      )
    }
    return SupernetData(splits: splits, all: all, split: split)
  }

  /// The super-net, freshly initialised from the run's seed.
  func makeNetwork(_ data: SupernetData) throws(CairnError) -> Binding.Network {
    var random = RandomStream(seed: configuration.seed, name: "supernet initialisation")
    return try Binding.makeSupernet(
      configuration, classes: data.splits.train.classCount,
      inputChannels: data.splits.train.channels, random: &random)
  }

  func makeOptimizer(_ network: Binding.Network) -> SGD {
    let t = configuration.training
    return SGD(
      parameters: network.namedParameters(), learningRate: t.learningRate, momentum: t.momentum,
      weightDecay: t.weightDecay, nesterov: t.nesterov)
  }

  /// The learning-rate schedule of `training.schedule`.
  var schedule: any LearningRateSchedule {
    let t = configuration.training
    return t.schedule.schedule(
      base: t.learningRate, minimum: t.minimumLearningRate, epochs: t.epochs,
      stepEpochs: t.stepEpochs, gamma: t.stepGamma, warmupEpochs: t.warmupEpochs,
      restarts: t.restarts)
  }

  /// The fixed batches every architecture is scored on (`evaluation.split`: the validation split, or the test
  /// images stand-alone training tests on under the same `limit`); evaluation transform, no shuffling.
  func makeScoringBatches(_ data: SupernetData) throws(CairnError) -> [Batch] {
    let (dataset, indices): (ImageDataset, [Int])
    switch configuration.evaluation.split {
    case .validation:
      (dataset, indices) = (data.splits.train, data.split.validation.map { data.all[$0] })
    case .test:
      (dataset, indices) = (data.splits.test, data.splits.testIndices(limit: configuration.limit))
    }
    let loader = try BatchLoader(
      dataset: dataset, indices: indices, batchSize: 256, shuffle: false,
      transform: ImageTransform.evaluation(for: configuration.dataset),
      augment: false, dropLast: false, seed: 0, prefetch: 0)
    let count = min(configuration.evaluation.scoringBatches ?? Int.max, loader.batchesPerEpoch)
    return (0..<count).map { _ in loader.next() }
  }

  /// How batch norm behaves when architectures are scored (`evaluation.batch_norm`).
  var scoringBatchNorm: BatchNormEvaluation {
    let evaluation = configuration.evaluation
    switch evaluation.batchNorm {
    case .recalibrated: return .recalibrated(batches: evaluation.recalibrationBatches)
    case .batchStatistics: return .batchStatistics
    }
  }

  /// The configuration as checkpoints are matched against it.
  var identity: ConfigurationIdentity {
    get throws { try ConfigurationIdentity(of: configuration) }
  }
}

/// The data of a super-net run: the dataset, the training images in use, and their train/validation split.
struct SupernetData {
  var splits: DatasetSplits
  /// Indices into the training set that the run uses (all, or the first `limit`).
  var all: [Int]
  var split: ValidationSplit
}

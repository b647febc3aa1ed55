import CairnBenchmarks
import CairnCore
import CairnData
import CairnEngine
import CairnNetworks
import CairnRanking
import CairnSpaces
import CairnTraining
import Foundation

/// What a super-net run saves with every checkpoint besides weights and optimizer buffers.
struct SupernetRunState: Codable {
  var configuration: SupernetConfiguration
  var cursor: LoaderCursor
  var validationCursor: LoaderCursor
  var sampler: PathSampler
  var samplerRandom: RandomStream
  var pairRandom: RandomStream
  var landmarks: LandmarkSet<NB201Architecture>?
  var pool: [Int]
  var metricsLines: Int
  var trainingSeconds: Double
  var imagesTrained: Int
  var epochLossSum: Double
  var epochLandmarkLossSum: Double
  var epochSteps: Int
  /// GDAS architecture parameters and their Gumbel stream (`training.sampler: gdas`).
  var gdas: GDASArchitecture?
  var gumbelRandom: RandomStream?
}

/// The ranking of the evaluation pool at one point of training (saved as result.json when a run finishes).
public struct SupernetEvaluationResult: Codable, Sendable {
  public var epoch: Int
  public var report: RankingReport
  public var scores: [SupernetScore]
  /// The pool's ground truth, in the order of `scores`.
  public var truth: [Double]
  /// Training time in seconds (without evaluation), when the run finished.
  public var seconds: Double?
  /// GDAS: the architecture of the largest α on every edge.
  public var derivedArchitecture: String?
}

/// Trains an NB201 super-net with single-path (SPOS) or FairNAS sampling, optionally with landmark
/// regularization, and ranks an evaluation pool against ground truth every few epochs.
///
/// One step: sample the step's paths; for each, add the cross-entropy gradient of the training batch; when
/// landmarks are on and λ(epoch) > 0, take the next validation batch and, for each sampled landmark pair
/// (worse, better), add the gradient of λ·φ(L(better) − L(worse)) through both sub-networks; clip the global
/// gradient norm; one SGD step. Checkpoints hold every random stream, both loader cursors, the landmark set and
/// the pool, so a killed run resumes to the same weights.
public final class SupernetTrainer {
  public let configuration: SupernetConfiguration
  public let run: RunDirectory
  public var onProgress: ((TrainingProgress) -> Void)?
  public var onLog: ((String) -> Void)?
  /// Stops (as if interrupted) after this many steps in this process; for tests of resumption.
  public var stopAfterSteps: Int?
  /// For tests of the non-finite-loss stop: the 0-based global step whose task loss is replaced by NaN.
  var poisonedStep: Int?

  private let truthTable: BenchmarkTable
  private let truthMetric: String

  public init(configuration: SupernetConfiguration, runDirectory: RunDirectory) throws(CairnError) {
    self.configuration = configuration
    run = runDirectory
    guard configuration.space == "nb201" else {
      throw .invalidInput(
        "unknown search space '\(configuration.space)'; super-nets exist for nb201")
    }
    guard let truth = configuration.truth else {
      throw .invalidInput(
        "the configuration needs 'truth: space:metric', e.g. nb201:cifar10_test_acc_200ep")
    }
    let parts = truth.split(separator: ":", maxSplits: 1).map(String.init)
    guard parts.count == 2, parts[0] == "nb201" else {
      throw .invalidInput(
        "truth '\(truth)' must be nb201:<metric>, e.g. nb201:cifar10_test_acc_200ep")
    }
    truthTable = try BenchmarkTable.shippedNB201()
    truthMetric = parts[1]
    _ = try truthTable.metric(named: truthMetric)
    try Self.validate(configuration)
  }

  static func validate(_ c: SupernetConfiguration) throws(CairnError) {
    guard c.training.epochs > 0 else {
      throw .invalidInput("training.epochs must be positive, got \(c.training.epochs)")
    }
    guard c.training.batchSize > 0 else {
      throw .invalidInput("training.batch_size must be positive, got \(c.training.batchSize)")
    }
    guard ["uniform", "fairnas", "gdas"].contains(c.training.sampler) else {
      throw .invalidInput(
        "training.sampler '\(c.training.sampler)' is not one of uniform, fairnas, gdas")
    }
    if c.training.sampler == "gdas" {
      let g = c.gdas
      guard g.warmupEpochs >= 0 && g.warmupEpochs < c.training.epochs else {
        throw .invalidInput(
          "gdas.warmup_epochs must be in 0..<training.epochs (\(c.training.epochs)), got \(g.warmupEpochs)"
        )
      }
      guard g.temperatureMin > 0, g.temperatureMax >= g.temperatureMin else {
        throw .invalidInput(
          "gdas temperatures need 0 < temperature_min <= temperature_max, got \(g.temperatureMin) and \(g.temperatureMax)"
        )
      }
      guard g.archLearningRate > 0, (0..<1).contains(g.archBeta1), (0..<1).contains(g.archBeta2),
        g.archWeightDecay >= 0
      else {
        throw .invalidInput(
          "gdas needs arch_learning_rate > 0, arch_beta1 and arch_beta2 in [0, 1), arch_weight_decay >= 0"
        )
      }
    }
    guard NB201WeightSharing(rawValue: c.supernet.sharing) != nil else {
      throw .invalidInput(
        "supernet.sharing '\(c.supernet.sharing)' is not one of per-edge, per-node")
    }
    guard c.validationFraction > 0 && c.validationFraction < 1 else {
      throw .invalidInput(
        "validation_fraction must be strictly between 0 and 1, got \(c.validationFraction)")
    }
    guard c.evaluation.every > 0, c.evaluation.poolSize >= 2 else {
      throw .invalidInput("evaluation.every must be positive and evaluation.pool_size at least 2")
    }
    guard ["batch-statistics", "recalibrated"].contains(c.evaluation.batchNorm) else {
      throw .invalidInput(
        "evaluation.batch_norm '\(c.evaluation.batchNorm)' is not one of batch-statistics, recalibrated"
      )
    }
    guard c.landmarks.weight >= 0 && c.landmarks.weight.isFinite else {
      throw .invalidInput("landmarks.weight must be >= 0, got \(c.landmarks.weight)")
    }
    guard c.landmarks.count >= 2 && c.landmarks.count <= NB201Architecture.cellCount else {
      throw .invalidInput(
        "landmarks.count must be in 2...\(NB201Architecture.cellCount) (the size of the space), got \(c.landmarks.count)"
      )
    }
    guard c.landmarks.count + c.evaluation.poolSize <= NB201Architecture.cellCount else {
      throw .invalidInput(
        "landmarks.count + evaluation.pool_size exceed the \(NB201Architecture.cellCount) architectures"
      )
    }
    guard ["table", "store"].contains(c.landmarks.source) else {
      throw .invalidInput("landmarks.source '\(c.landmarks.source)' is not one of table, store")
    }
    guard c.landmarks.iterations >= 1 && c.landmarks.iterations <= c.training.epochs else {
      throw .invalidInput(
        "landmarks.iterations must be in 1...training.epochs (\(c.training.epochs)), got \(c.landmarks.iterations)"
      )
    }
    guard c.landmarks.addedPerIteration >= 1,
      c.landmarks.searchPoolSize >= c.landmarks.addedPerIteration
    else {
      throw .invalidInput(
        "landmarks.added_per_iteration must be at least 1 and at most landmarks.search_pool_size")
    }
    if let explicit = c.landmarks.architectures, explicit.count < 2 {
      throw .invalidInput(
        "landmarks.architectures lists \(explicit.count) architecture(s); a landmark set needs at least 2"
      )
    }
  }

  /// The ground-truth source of the landmarks (`landmarks.source`).
  func landmarkGroundTruth() throws(CairnError) -> LandmarkGroundTruth {
    let l = configuration.landmarks
    if l.source == "store" {
      return try LandmarkGroundTruth(
        storeAt: l.store, dataset: configuration.dataset.rawValue, protocolHash: l.storeProtocol)
    }
    return LandmarkGroundTruth(
      table: truthTable, metric: truthMetric, name: "table \(configuration.truth ?? "")")
  }

  func lossFunction() throws(CairnError) -> LandmarkLossFunction {
    switch configuration.landmarks.loss {
    case "hinge": return .hinge(margin: 0)
    case "softplus": return .softplus(beta: configuration.landmarks.softplusBeta)
    case "logistic": return .logistic
    default:
      throw .invalidInput(
        "landmarks.loss '\(configuration.landmarks.loss)' is not one of hinge, softplus, logistic")
    }
  }

  func pairLaw() throws(CairnError) -> LandmarkPairLaw {
    switch configuration.landmarks.pairLaw {
    case "official": return .official
    case "uniform": return .uniform
    case "adjacent": return .adjacent
    case "three-chain": return .threeChain
    default:
      throw .invalidInput(
        "landmarks.pair_law '\(configuration.landmarks.pairLaw)' is not one of official, uniform, adjacent, three-chain"
      )
    }
  }

  func schedule() throws(CairnError) -> LandmarkWeightSchedule {
    let l = configuration.landmarks
    let form: LandmarkCosineIncreaseForm
    switch l.scheduleForm {
    case "code-faithful": form = .codeFaithful
    case "paper-exact": form = .paperExact
    default:
      throw .invalidInput(
        "landmarks.schedule_form '\(l.scheduleForm)' is not one of code-faithful, paper-exact")
    }
    let kind: LandmarkWeightSchedule.Kind
    do {
      kind = try LandmarkWeightSchedule.Kind(
        referenceName: l.schedule.replacingOccurrences(of: "-", with: "_"), cosineIncreaseForm: form
      )
    } catch {
      throw .invalidInput("landmarks.schedule '\(l.schedule)': \(error.description)")
    }
    return try LandmarkWeightSchedule(
      kind, initialWeight: l.weight, totalEpochs: configuration.training.epochs,
      supernetWarmupEpochs: min(l.warmupEpochs, configuration.training.epochs - 1),
      landmarkWarmupEpochs: l.landmarkWarmupEpochs)
  }

  /// The landmark selection the configuration names (method note §1, §3).
  func landmarkSelection() throws(CairnError) -> LandmarkSelection {
    let l = configuration.landmarks
    switch l.selection {
    case "random": return .random(count: l.count)
    case "rank-stratified": return .rankStratified(count: l.count)
    case "hamming": return .hamming(count: l.count, distance: l.hammingDistance)
    case "hamming-iteration":
      return .hammingIteration(roots: l.hammingRoots, distance: l.hammingDistance)
    default:
      throw .invalidInput(
        "landmarks.selection '\(l.selection)' is not one of random, rank-stratified, hamming, hamming-iteration"
      )
    }
  }

  /// The landmark set: the explicit list, or `count` drawn by the configured selection (from the stored
  /// architectures when the ground truth comes from the results store).
  func chooseLandmarks(random: inout RandomStream) throws(CairnError) -> LandmarkSet<
    NB201Architecture
  > {
    let l = configuration.landmarks
    let truth = try landmarkGroundTruth()
    let lookup = { (architecture: NB201Architecture) throws(CairnError) -> Double in
      try truth.value(for: architecture)
    }
    if let explicit = l.architectures {
      var architectures: [NB201Architecture] = []
      for (position, text) in explicit.enumerated() {
        do {
          architectures.append(try NB201Architecture(parsing: text))
        } catch {
          throw .invalidInput("landmarks.architectures[\(position)]: \(error.description)")
        }
      }
      return try LandmarkSet(architectures: architectures, groundTruth: lookup)
    }
    if let known = truth.known {
      guard l.selection == "random" else {
        throw .invalidInput(
          "landmarks.selection '\(l.selection)' needs every architecture's ground truth; with landmarks.source store use random or list landmarks.architectures"
        )
      }
      guard l.count <= known.count else {
        throw .invalidInput(
          "landmarks.count is \(l.count) but the \(truth.description) holds only \(known.count) architecture(s)"
        )
      }
      let space = NB201Space()
      let chosen = try random.sample(l.count, from: known.count).map {
        (position: Int) throws(CairnError) in try space.architecture(at: known[position])
      }
      return try LandmarkSet(architectures: chosen, groundTruth: lookup)
    }
    return try landmarkSelection().select(in: NB201Space(), groundTruth: lookup, using: &random)
  }

  /// Runs (or resumes) training; returns the last evaluation.
  public func train() throws -> SupernetEvaluationResult {
    let c = configuration
    let data = try loadData()
    let splits = data.splits
    let (all, split) = (data.all, data.split)
    let network = makeNetwork(data)
    let optimizer = makeOptimizer(network)
    let loss = try lossFunction()
    let law = try pairLaw()
    let weights = c.landmarks.enabled ? try schedule() : nil

    var state: SupernetRunState
    if run.hasCheckpoint {
      state = try restore(into: network, optimizer: optimizer)
      try run.writeMetrics(Array(run.metricsLines().prefix(state.metricsLines)))
      onLog?(
        "resuming from epoch \(state.cursor.epoch + 1), step \(state.cursor.batch) of \(run.url.path)"
      )
    } else {
      var selection = RandomStream(seed: c.seed, name: "landmark selection")
      // The landmark set is drawn even without the landmark loss (when its ground truth is the table), so
      // that arms with and without landmarks of one seed rank the same evaluation pool.
      let drawn =
        c.landmarks.enabled || c.landmarks.source == "table"
        ? try chooseLandmarks(random: &selection) : nil
      let landmarks = c.landmarks.enabled ? drawn : nil
      let excluded = Set(
        try (drawn?.architectures ?? []).map { a throws(CairnError) in
          try NB201Space().index(of: a)
        })
      var poolRandom = RandomStream(seed: c.seed, name: "evaluation pool")
      let candidates = (0..<NB201Architecture.cellCount).filter { !excluded.contains($0) }
      let pool = poolRandom.sample(c.evaluation.poolSize, from: candidates.count).map {
        candidates[$0]
      }.sorted()
      state = SupernetRunState(
        configuration: c, cursor: LoaderCursor(), validationCursor: LoaderCursor(),
        sampler: c.training.sampler == "fairnas" ? .fairNAS : .uniform,
        samplerRandom: RandomStream(seed: c.seed, name: "path sampler"),
        pairRandom: RandomStream(seed: c.seed, name: "landmark pairs"), landmarks: landmarks,
        pool: pool,
        metricsLines: 0, trainingSeconds: 0, imagesTrained: 0, epochLossSum: 0,
        epochLandmarkLossSum: 0, epochSteps: 0)
      if c.training.sampler == "gdas" {
        var alphaRandom = RandomStream(seed: c.seed, name: "gdas architecture parameters")
        state.gdas = GDASArchitecture(random: &alphaRandom, adam: c.gdas.adamSettings)
        state.gumbelRandom = RandomStream(seed: c.seed, name: "gdas gumbel")
      }
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      try AtomicFile.write(try encoder.encode(c), to: run.url.appendingPathComponent("config.json"))
      try run.writeMetrics([])
      if let landmarks { try writeLandmarks(landmarks) }
    }

    let trainTransform = ImageTransform.training(for: c.dataset)
    let loader = try BatchLoader(
      dataset: splits.train, indices: split.train.map { all[$0] }, batchSize: c.training.batchSize,
      shuffle: true,
      transform: trainTransform, augment: true, dropLast: true, seed: c.seed, start: state.cursor)
    let validationLoader = try BatchLoader(
      dataset: splits.train, indices: split.validation.map { all[$0] },
      batchSize: c.training.batchSize,
      shuffle: true, transform: trainTransform, augment: true, dropLast: true, seed: c.seed &+ 1,
      start: state.validationCursor,
      prefetch: c.landmarks.enabled || c.training.sampler == "gdas" ? 1 : 0)
    let scoringBatches = try makeScoringBatches(data)
    let schedule = CosineAnnealing(
      base: c.training.learningRate, minimum: c.training.minimumLearningRate,
      length: Double(c.training.epochs))
    let stepsPerEpoch = loader.batchesPerEpoch
    var stepsThisProcess = 0
    var last: SupernetEvaluationResult?
    let trainable = network.trainableParameters()
    network.train(true)

    while state.cursor.epoch < c.training.epochs {
      let epoch = state.cursor.epoch
      let started = DispatchTime.now().uptimeNanoseconds
      optimizer.learningRate = schedule.rate(
        at: Double(epoch) + Double(state.cursor.batch) / Double(stepsPerEpoch))
      optimizer.zeroGrad()
      let batch = loader.next()
      let images = Tensor(shape: batch.shape, values: batch.images)
      let gdasActive = state.gdas != nil && epoch >= c.gdas.warmupEpochs
      var paths: [NB201Architecture] = []
      var stepLoss = 0.0
      if gdasActive {
        let sample = state.gdas!.sample(
          temperature: gdasTemperature(atEpoch: epoch), using: &state.gumbelRandom!)
        paths = [sample.architecture]
        let taskLoss = network(images, architecture: sample.architecture, weights: .gdasForward)
          .softmaxCrossEntropy(labels: batch.labels)
        stepLoss = Double(taskLoss.item)
        taskLoss.backward()
      } else {
        paths = state.sampler.nextStep(using: &state.samplerRandom)
        for path in paths {
          let taskLoss = network(images, architecture: path).softmaxCrossEntropy(
            labels: batch.labels)
          stepLoss += Double(taskLoss.item) / Double(paths.count)
          taskLoss.backward()
        }
      }
      if poisonedStep == epoch * stepsPerEpoch + state.cursor.batch { stepLoss = .nan }
      var landmarkLoss = 0.0
      if let landmarks = state.landmarks, let weights, weights.isActive(atEpoch: epoch) {
        let lambda = weights.weight(atEpoch: epoch)
        let validation = validationLoader.next()
        state.validationCursor = validation.cursor.advanced(
          batchesPerEpoch: validationLoader.batchesPerEpoch)
        if lambda > 0 {
          let inputs = Tensor(shape: validation.shape, values: validation.images)
          for pair in law.pairs(
            landmarkCount: landmarks.landmarks.count, draws: c.landmarks.pairsPerStep,
            using: &state.pairRandom)
          {
            let worse = network(inputs, architecture: landmarks.landmarks[pair.worse].architecture)
              .softmaxCrossEntropy(labels: validation.labels)
            let better = network(
              inputs, architecture: landmarks.landmarks[pair.better].architecture
            )
            .softmaxCrossEntropy(labels: validation.labels)
            let ranking = loss.loss(better: better, worse: worse).scaled(by: Float(lambda))
            landmarkLoss += Double(ranking.item)
            ranking.backward()
          }
        }
      }
      guard stepLoss.isFinite && landmarkLoss.isFinite else {
        throw CairnError.failure(
          "training loss became \(stepLoss + landmarkLoss) at epoch \(epoch + 1), step \(state.cursor.batch); the last good checkpoint is in \(run.url.path)"
        )
      }
      clipGradientNorm(trainable, maxNorm: c.training.gradientClip)
      optimizer.step()
      if gdasActive {
        optimizer.zeroGrad()
        let validation = validationLoader.next()
        state.validationCursor = validation.cursor.advanced(
          batchesPerEpoch: validationLoader.batchesPerEpoch)
        try updateArchitecture(
          &state, network: network, batch: validation, temperature: gdasTemperature(atEpoch: epoch))
        optimizer.zeroGrad()
      }
      state.cursor = batch.cursor.advanced(batchesPerEpoch: stepsPerEpoch)
      state.epochLossSum += stepLoss
      state.epochLandmarkLossSum += landmarkLoss
      state.epochSteps += 1
      state.trainingSeconds += Double(DispatchTime.now().uptimeNanoseconds - started) * 1e-9
      state.imagesTrained += batch.count * paths.count
      stepsThisProcess += 1
      let rate = Double(state.imagesTrained) / max(state.trainingSeconds, 1e-9)
      onProgress?(
        TrainingProgress(
          epoch: epoch, epochs: c.training.epochs, step: batch.cursor.batch + 1,
          stepsPerEpoch: stepsPerEpoch,
          loss: state.epochLossSum / Double(state.epochSteps), accuracy: .nan,
          imagesPerSecond: rate,
          secondsRemaining: Double(
            (c.training.epochs - state.cursor.epoch) * stepsPerEpoch - state.cursor.batch)
            * Double(batch.count * paths.count) / rate))

      if state.cursor.batch == 0 {
        var event: [String: Any] = [
          "event": "epoch", "epoch": epoch + 1,
          "train_loss": state.epochLossSum / Double(state.epochSteps),
          "landmark_loss": state.epochLandmarkLossSum / Double(state.epochSteps),
          "landmark_weight": weights.map {
            $0.isActive(atEpoch: epoch) ? $0.weight(atEpoch: epoch) : 0
          } ?? 0,
          "learning_rate": Double(optimizer.learningRate), "images_per_second": rate,
        ]
        if let gdas = state.gdas, epoch >= c.gdas.warmupEpochs {
          event["gdas_architecture"] = gdas.derived.archString
          event["gdas_temperature"] = gdasTemperature(atEpoch: epoch)
        }
        let finished = state.cursor.epoch == c.training.epochs
        if (epoch + 1) % c.evaluation.every == 0 || finished {
          let result = try evaluate(
            network, state: state, batches: scoringBatches, epoch: epoch + 1)
          last = result
          event["kendall_tau"] = result.report.kendallTau.value ?? .nan
          event["sparse_kendall_tau"] = result.report.sparseKendallTauLandmarkAuthors.value ?? .nan
          event["spearman"] = result.report.spearmanRho.value ?? .nan
          event["precision_at_k"] = result.report.precisionAtK.value ?? .nan
          onLog?(
            String(
              format: "epoch %d: KdT %.4f  S-KdT %.4f  Spearman %.4f  P@%d %.2f", epoch + 1,
              result.report.kendallTau.value ?? .nan,
              result.report.sparseKendallTauLandmarkAuthors.value ?? .nan,
              result.report.spearmanRho.value ?? .nan, c.evaluation.topK,
              result.report.precisionAtK.value ?? .nan))
        }
        if !finished, let landmarks = state.landmarks,
          let round = landmarkRound(endingAfterEpoch: epoch + 1)
        {
          let added = try extendLandmarks(
            landmarks, network: network, pool: state.pool, batches: scoringBatches, round: round)
          state.landmarks = added.landmarks
          event["landmarks_added"] = added.newcomers.map(\.archString)
          event["landmark_count"] = added.landmarks.count
          onLog?(
            "round \(round) done after epoch \(epoch + 1): \(added.newcomers.count) landmark(s) added, \(added.landmarks.count) in all"
          )
        }
        try run.appendMetric(event)
        state.metricsLines = run.metricsLines().count
        state.epochLossSum = 0
        state.epochLandmarkLossSum = 0
        state.epochSteps = 0
        try checkpoint(network, optimizer: optimizer, state: state)
        if finished, var last {
          last.seconds = state.trainingSeconds
          try writeResult(last)
          return last
        }
      }
      if Interruption.isRequested || stepsThisProcess == stopAfterSteps {
        try checkpoint(network, optimizer: optimizer, state: state)
        throw RunInterrupted(runDirectory: run.url.path)
      }
    }
    // Already finished: the saved result, or a fresh evaluation of the final weights.
    if let saved = try? Self.savedResult(in: run) { return saved }
    var result = try evaluate(
      network, state: state, batches: scoringBatches, epoch: c.training.epochs)
    result.seconds = state.trainingSeconds
    try writeResult(result)
    return result
  }

  /// Scores the pool, compares with ground truth, and writes scores.csv and ranking.json.
  func evaluate(_ network: NB201Network, state: SupernetRunState, batches: [Batch], epoch: Int)
    throws
    -> SupernetEvaluationResult
  {
    let c = configuration
    let space = NB201Space()
    let architectures = try state.pool.map { try space.architecture(at: $0) }
    let batchNorm = scoringBatchNorm
    let scores = try SupernetScoring.score(
      network, architectures: architectures, batches: batches, batchNorm: batchNorm)
    let truth = try state.pool.map { try truthTable.value(metric: truthMetric, index: $0) }
    let report = try RankingReport(
      scores: scores.map(\.accuracy), truth: truth, tieBreak: scores.map { -$0.loss },
      options: RankingReport.Options(
        topK: min(c.evaluation.topK, scores.count),
        bootstrap: c.evaluation.bootstrap > 0
          ? Bootstrap(resamples: c.evaluation.bootstrap, seed: c.seed) : nil))
    var csv = "index,arch,supernet_accuracy,supernet_loss,\(truthMetric)\n"
    for (i, score) in scores.enumerated() {
      csv += "\(state.pool[i]),\(score.architecture),\(score.accuracy),\(score.loss),\(truth[i])\n"
    }
    try AtomicFile.write(csv, to: run.url.appendingPathComponent("scores.csv"))
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    struct RankingFile: Encodable {
      var epoch: Int
      var truth: String
      var batchNorm: String
      var poolIndices: [Int]
      var report: RankingReport
    }
    try AtomicFile.write(
      try encoder.encode(
        RankingFile(
          epoch: epoch, truth: c.truth ?? "", batchNorm: batchNorm.description,
          poolIndices: state.pool, report: report)),
      to: run.url.appendingPathComponent("ranking.json"))
    return SupernetEvaluationResult(
      epoch: epoch, report: report, scores: scores, truth: truth,
      derivedArchitecture: state.gdas?.derived.archString)
  }

  private func checkpoint(_ network: NB201Network, optimizer: SGD, state: SupernetRunState) throws {
    try run.saveCheckpoint(
      network: network, optimizer: optimizer, state: state, format: "cairn-supernet-1")
  }

  private func restore(into network: NB201Network, optimizer: SGD) throws -> SupernetRunState {
    try run.restoreCheckpoint(into: network, optimizer: optimizer, as: SupernetRunState.self) {
      $0.configuration == configuration
    }
  }
}

extension SupernetTrainer: ReportsProgress {}

import CairnCore
import CairnData
import CairnEngine
import CairnTraining
import Foundation

/// What a caller can attach to a super-net run: progress, log lines, test hooks and the gradient reducer.
struct SupernetHooks {
  var onProgress: ((TrainingProgress) -> Void)?
  var onLog: ((String) -> Void)?
  var stopAfterSteps: Int?
  var poisonedStep: Int?
  var gradientReducer: GradientReducer?
  var outcomeReducer: OutcomeReducer?
  var dataShard: DataShard = .whole
  var scoringShare: ScoringShare?
}

extension SupernetRun {
  /// Trains (or resumes) with the step strategy `training.sampler` names; returns the last evaluation.
  func train(_ hooks: SupernetHooks) throws -> SupernetEvaluationResult {
    let c = configuration
    let law: PathSampler<Binding.Space>.Law = c.training.sampler == .fairnas ? .fairNAS : .uniform
    let sampler = try PathSampler(law: law, space: space, candidates: pathCandidates)
    let single = SinglePathStrategy<Binding>(
      sampler: sampler, labelSmoothing: c.training.labelSmoothing,
      pathDropout: c.training.pathDropout, classifierDropout: c.training.classifierDropout)
    switch c.training.sampler {
    case .uniform, .fairnas:
      return try train(hooks) { _, _ in single }
    case .gdas:
      return try train(hooks) { (network, _) throws(CairnError) in
        guard let forward = Binding.weightedForward(network) else {
          throw .invalidInput(
            "training.sampler gdas needs a network that weights its decisions; \(Binding.name) has none (use uniform or fairnas)"
          )
        }
        return GDASStrategy(
          warmup: single, space: space, settings: c.gdas, epochs: c.training.epochs,
          weightedForward: forward)
      }
    case .darts:
      return try train(hooks) { (network, _) throws(CairnError) in
        try dartsStrategy(network, warmup: single)
      }
    case .triLevel:
      return try train(hooks) { (network, data) throws(CairnError) in
        try triLevelStrategy(network, data: data, warmup: single)
      }
    case .largest:
      let widest = try PathSampler(
        law: .uniform, space: space, candidates: [try Self.largest(c)])
      return try train(hooks) { _, _ in
        SinglePathStrategy<Binding>(
          sampler: widest, labelSmoothing: c.training.labelSmoothing,
          pathDropout: c.training.pathDropout, classifierDropout: c.training.classifierDropout)
      }
    case .inplaceDistillation:
      // checkSampler has refused a sandwich without a smallest architecture.
      let teacher = try Self.largest(c)
      let smallest = c.distillation.sandwich ? Binding.smallest(for: c) : nil
      return try train(hooks) { _, _ in
        InplaceDistillationStrategy<Binding>(
          sampler: sampler, teacher: teacher, smallest: smallest, settings: c.distillation)
      }
    }
  }

  /// DARTS on `network`, warming up with `warmup`.
  private func dartsStrategy(_ network: Binding.Network, warmup: SinglePathStrategy<Binding>)
    throws(CairnError) -> DARTSStrategy<Binding>
  {
    let c = configuration
    guard let forward = Binding.mixtureForward(network) else {
      throw Self.noMixture(c.training.sampler)
    }
    return DARTSStrategy(
      warmup: warmup, space: space, decisions: Binding.mixtureDecisions(for: c),
      derive: { Binding.derive($0, configuration: c) }, settings: c.differentiable,
      unrolledLearningRate: c.differentiable.unrolledLearningRate
        ?? Double(c.training.learningRate),
      weightDecay: Double(c.training.weightDecay), mixtureForward: forward)
  }

  /// The tri-level method on `network`: DARTS and the auxiliary model of `tri_level.auxiliary` (the space's
  /// default when unset), initialised from the run's seed.
  private func triLevelStrategy(
    _ network: Binding.Network, data: SupernetData, warmup: SinglePathStrategy<Binding>
  ) throws(CairnError) -> TriLevelStrategy<Binding> {
    let c = configuration
    let architecture = try Self.auxiliaryArchitecture(c)
    var random = RandomStream(seed: c.seed, name: "tri-level auxiliary model")
    guard
      let model = Binding.makeAuxiliary(
        architecture, configuration: c, classes: data.splits.train.classCount,
        inputChannels: data.splits.train.channels, random: &random)
    else { throw Self.noAuxiliary }
    return TriLevelStrategy(
      darts: try dartsStrategy(network, warmup: warmup), model: model, settings: c.triLevel,
      weightDecay: c.training.weightDecay)
  }

  /// What uniform paths are drawn from: nil for the space's own sampler (`training.sample_from: space`, or a
  /// ground truth that knows the whole space), else the known architectures.
  var pathCandidates: [Architecture]? {
    if configuration.training.sampleFrom == .space { return nil }
    if let total = Binding.architectureCount, total == known.count { return nil }
    return known.architectures
  }

  private func train<Strategy: SupernetStepStrategy>(
    _ hooks: SupernetHooks, strategy make: (Binding.Network, SupernetData) throws -> Strategy
  ) throws -> SupernetEvaluationResult where Strategy.Binding == Binding {
    onLog = hooks.onLog
    scoringShare = hooks.scoringShare
    let c = configuration
    let data = try loadData()
    let network = try makeNetwork(data)
    let strategy = try make(network, data)
    let term = c.landmarks.enabled ? try landmarkTerm() : nil
    let scoringBatches = try makeScoringBatches(data)
    let loopSettings = TrainingLoop<SupernetTask<Strategy>>.Settings(
      epochs: c.training.epochs, schedule: schedule, gradientClip: c.training.gradientClip,
      format: "cairn-supernet-2", configurationIdentity: try identity)
    let optimizer = makeOptimizer(network)
    var loopState = LoopState()
    var taskState: SupernetTask<Strategy>.State
    try AtomicFile.prepareDirectory(directory.url)
    if directory.hasCheckpoint {
      (loopState, taskState) = try directory.restoreTrainingCheckpoint(
        into: network, optimizer: optimizer,
        configurationIdentity: loopSettings.configurationIdentity,
        as: SupernetTask<Strategy>.State.self)
      try directory.writeMetrics(Array(directory.metricsLines().prefix(loopState.metricsLines)))
      onLog?(
        "resuming from epoch \(loopState.cursor.epoch + 1), step \(loopState.cursor.batch) of \(directory.url.path)"
      )
    } else {
      try initialize(network)
      taskState = try startState(strategy: strategy)
    }
    let validation = ValidationBatches(
      loader: try BatchLoader(
        dataset: data.splits.train, indices: data.split.validation.map { data.all[$0] },
        batchSize: c.training.batchSize, shuffle: true,
        transform: ImageTransform.training(for: c.dataset), augment: true, dropLast: true,
        seed: c.seed &+ 1, start: taskState.validationCursor,
        prefetch: term != nil || strategy.usesValidationBatches ? 1 : 0, shard: hooks.dataShard),
      cursor: taskState.validationCursor)
    let task = SupernetTask(
      run: self, network: network, strategy: strategy, landmarkTerm: term, validation: validation,
      scoringBatches: scoringBatches)
    let loop = TrainingLoop(
      task: task, network: network, optimizer: optimizer, run: directory, settings: loopSettings)
    loop.onProgress = hooks.onProgress
    loop.onLog = hooks.onLog
    loop.stopAfterSteps = hooks.stopAfterSteps
    loop.poisonedStep = hooks.poisonedStep
    loop.gradientReducer = hooks.gradientReducer
    loop.outcomeReducer = hooks.outcomeReducer
    let loader = try BatchLoader(
      dataset: data.splits.train, indices: data.split.train.map { data.all[$0] },
      batchSize: c.training.batchSize, shuffle: true,
      transform: ImageTransform.training(for: c.dataset), augment: true, dropLast: true,
      seed: c.seed, start: loopState.cursor, shard: hooks.dataShard)
    network.train(true)
    return try loop.train(from: loader, loop: loopState, task: taskState)
  }

  /// Starts a new run's network from the checkpoint `initialization` names, if any.
  private func initialize(_ network: Binding.Network) throws(CairnError) {
    guard let source = configuration.initialization else { return }
    let tensors = try RunDirectory(source).checkpointWeights()
    do {
      try Binding.initialize(network, from: tensors)
    } catch {
      throw .invalidInput("initialization \(source): \(error.description)")
    }
    onLog?("initialised from \(source)")
  }

  /// The state of a new run: landmarks, evaluation pool, the strategy's streams; writes config.json,
  /// an empty metrics log and landmarks.csv.
  private func startState<Strategy: SupernetStepStrategy>(strategy: Strategy) throws
    -> SupernetTask<Strategy>.State where Strategy.Binding == Binding
  {
    let c = configuration
    var selection = RandomStream(seed: c.seed, name: "landmark selection")
    // The landmark set is drawn even without the landmark loss (when its ground truth is the table), so that
    // arms with and without landmarks of one seed rank the same evaluation pool.
    let drawn =
      c.landmarks.enabled || c.landmarks.source == .table
      ? try chooseLandmarks(random: &selection) : nil
    let pool = drawPool(excluding: drawn?.architectures ?? [])
    var landmark: LandmarkTerm<Binding.Network>.State?
    if c.landmarks.enabled, let drawn {
      landmark = .init(
        landmarks: drawn, pairRandom: RandomStream(seed: c.seed, name: "landmark pairs"))
    }
    try AtomicFile.write(
      try Self.encoder.encode(c), to: directory.url.appendingPathComponent("config.json"))
    try directory.writeMetrics([])
    if let landmark { try writeLandmarks(landmark.landmarks) }
    return SupernetTask<Strategy>.State(
      strategy: strategy.initialState(seed: c.seed), landmark: landmark,
      validationCursor: LoaderCursor(), pool: pool)
  }

  /// The landmark term of `landmarks`.
  func landmarkTerm() throws(CairnError) -> LandmarkTerm<Binding.Network> {
    let l = configuration.landmarks
    let loss: LandmarkLossFunction
    switch l.loss {
    case .hinge: loss = .hinge(margin: 0)
    case .softplus: loss = .softplus(beta: l.softplusBeta)
    case .logistic: loss = .logistic
    }
    let weights = try LandmarkWeightSchedule(
      l.schedule.kind(form: l.scheduleForm.form), initialWeight: l.weight,
      totalEpochs: configuration.training.epochs,
      supernetWarmupEpochs: min(l.warmupEpochs, configuration.training.epochs - 1),
      landmarkWarmupEpochs: l.landmarkWarmupEpochs)
    return LandmarkTerm(
      loss: loss, law: l.pairLaw.law, weights: weights, pairsPerStep: l.pairsPerStep)
  }
}

import CairnCore
import CairnEngine
import CairnTraining

extension SupernetConfiguration {
  /// Checks every numeric key against its range, and the keys that depend on each other; throws
  /// `CairnError.invalidInput` naming the key, the value and the valid range. A configuration that passes cannot
  /// crash a run later (space-specific limits are checked by the space's super-net, see `SupernetSpace`).
  public func validate() throws(CairnError) {
    try RunName.check(name, key: "name")
    try check(
      validationFraction > 0 && validationFraction < 1, "validation_fraction", validationFraction,
      "strictly between 0 and 1")
    if let limit { try check(limit >= 2, "limit", limit, "at least 2 images") }
    try check(truth.map { !$0.isEmpty } ?? false, "truth", truth ?? "(missing)", "space:metric")
    try precision.checkSupported()
    try validateSupernet()
    try validateTraining()
    try validateLandmarks()
    try validateEvaluation()
    if training.sampler == .gdas { try validateGDAS() }
    if let initialization, initialization.isEmpty {
      throw .invalidInput("initialization must name a run directory, got ''")
    }
    try validateDifferentiable()
    try validateTriLevel()
    // Checked whatever the sampler: a pipeline's stages share one distillation section.
    try validateDistillation()
  }

  private func validateSupernet() throws(CairnError) {
    let s = supernet
    try check((1...1024).contains(s.channels), "supernet.channels", s.channels, "1...1024")
    try check(
      (1...64).contains(s.cellsPerStage), "supernet.cells_per_stage", s.cellsPerStage, "1...64")
    try check(
      (1...5).contains(s.nb101.outputInDegree), "supernet.nb101.output_in_degree",
      s.nb101.outputInDegree, "1...5")
    try check((1...64).contains(s.darts.cells), "supernet.darts.cells", s.darts.cells, "1...64")
    try check(
      (1...16).contains(s.partialChannels), "supernet.partial_channels", s.partialChannels, "1...16"
    )
    if space != .nb201 && s.partialChannels != 1 {
      throw .invalidInput(
        "supernet.partial_channels applies to space nb201 only; remove it for \(space)")
    }
    // A space's own sub-section means nothing to another space.
    if space != .nb101 && s.nb101 != Supernet.NB101() {
      throw .invalidInput("supernet.nb101 applies to space nb101 only; remove it for \(space)")
    }
    if space != .darts && s.darts != Supernet.DARTS() {
      throw .invalidInput("supernet.darts applies to space darts only; remove it for \(space)")
    }
    if space != .resnet20Width && s.width != .none {
      throw .invalidInput(
        "supernet.width applies to space resnet20-width only; remove it for \(space)")
    }
  }

  private func validateTraining() throws(CairnError) {
    let t = training
    try check((1...100_000).contains(t.epochs), "training.epochs", t.epochs, "1...100000")
    try check(
      (1...65_536).contains(t.batchSize), "training.batch_size", t.batchSize, "1...65536")
    try check(
      t.learningRate > 0 && t.learningRate.isFinite, "training.learning_rate", t.learningRate,
      "a positive number")
    try check(
      t.minimumLearningRate >= 0 && t.minimumLearningRate <= t.learningRate,
      "training.minimum_learning_rate", t.minimumLearningRate, "0...training.learning_rate")
    try check(t.momentum >= 0 && t.momentum < 1, "training.momentum", t.momentum, "[0, 1)")
    try check(
      t.weightDecay >= 0 && t.weightDecay.isFinite, "training.weight_decay", t.weightDecay,
      "0 or more")
    try check(
      t.gradientClip > 0 && t.gradientClip.isFinite, "training.gradient_clip", t.gradientClip,
      "a positive number")
    try check(
      t.stepEpochs > 0 && t.stepEpochs.isFinite, "training.step_epochs", t.stepEpochs,
      "a positive number")
    try check(t.stepGamma > 0 && t.stepGamma <= 1, "training.step_gamma", t.stepGamma, "(0, 1]")
    try check(
      t.warmupEpochs >= 0 && t.warmupEpochs < Double(t.epochs), "training.warmup_epochs",
      t.warmupEpochs, "0 ≤ value < training.epochs (\(t.epochs))")
    try check(
      t.labelSmoothing >= 0 && t.labelSmoothing < 1, "training.label_smoothing", t.labelSmoothing,
      "0 ≤ value < 1")
    try check((1...1000).contains(t.restarts), "training.restarts", t.restarts, "1...1000")
    try check(
      t.pathDropout >= 0 && t.pathDropout < 1, "training.path_dropout", t.pathDropout,
      "0 ≤ value < 1")
    try check(
      t.classifierDropout >= 0 && t.classifierDropout < 1, "training.classifier_dropout",
      t.classifierDropout, "0 ≤ value < 1")
  }

  private func validateLandmarks() throws(CairnError) {
    let l = landmarks
    let epochs = training.epochs
    try check((2...100_000).contains(l.count), "landmarks.count", l.count, "2...100000")
    try check(
      (0...1000).contains(l.hammingDistance), "landmarks.hamming_distance", l.hammingDistance,
      "0...1000")
    try check(
      (1...10_000).contains(l.hammingRoots), "landmarks.hamming_roots", l.hammingRoots, "1...10000")
    try check(
      (1...1000).contains(l.pairsPerStep), "landmarks.pairs_per_step", l.pairsPerStep, "1...1000")
    try check(
      l.softplusBeta > 0 && l.softplusBeta.isFinite, "landmarks.softplus_beta", l.softplusBeta,
      "a positive number")
    try check(
      l.weight >= 0 && l.weight.isFinite, "landmarks.weight", l.weight, "0 or a positive number")
    try check(l.warmupEpochs >= 0, "landmarks.warmup_epochs", l.warmupEpochs, "0 or more")
    try check(
      l.landmarkWarmupEpochs >= 0 && l.landmarkWarmupEpochs < epochs,
      "landmarks.landmark_warmup_epochs", l.landmarkWarmupEpochs,
      "0 ≤ value < training.epochs (\(epochs))")
    try check(
      l.iterations >= 1 && l.iterations <= epochs, "landmarks.iterations", l.iterations,
      "1...training.epochs (\(epochs))")
    try check(
      l.addedPerIteration >= 1, "landmarks.added_per_iteration", l.addedPerIteration, "1 or more")
    try check(
      l.searchPoolSize >= l.addedPerIteration && l.searchPoolSize <= 1_000_000,
      "landmarks.search_pool_size", l.searchPoolSize,
      "landmarks.added_per_iteration (\(l.addedPerIteration))...1000000")
    if let explicit = l.architectures {
      try check(
        explicit.count >= 2, "landmarks.architectures", "\(explicit.count) architecture(s)",
        "a list of at least 2")
    }
    try check(!l.store.isEmpty, "landmarks.store", "''", "a file path")
  }

  private func validateEvaluation() throws(CairnError) {
    let e = evaluation
    try check((1...100_000).contains(e.every), "evaluation.every", e.every, "1...100000")
    if e.batchNorm == .recalibrated && !supernet.batchNormTracksRunningStatistics {
      throw .invalidInput(
        "evaluation.batch_norm recalibrated re-estimates running statistics, so it needs "
          + "supernet.batch_norm_tracks_running_statistics: true")
    }
    try check(
      (2...1_000_000).contains(e.poolSize), "evaluation.pool_size", e.poolSize, "2...1000000")
    try check(
      (1...10_000).contains(e.recalibrationBatches), "evaluation.recalibration_batches",
      e.recalibrationBatches, "1...10000")
    if let batches = e.scoringBatches {
      try check(batches >= 1, "evaluation.scoring_batches", batches, "1 or more")
    }
    try check((1...1_000_000).contains(e.topK), "evaluation.top_k", e.topK, "1...1000000")
    try check(
      (0...100_000).contains(e.bootstrap), "evaluation.bootstrap", e.bootstrap, "0...100000")
  }

  private func validateDifferentiable() throws(CairnError) {
    let d = differentiable
    try check(
      d.warmupEpochs >= 0
        && (d.warmupEpochs < training.epochs || !training.sampler.mixesOptions),
      "differentiable.warmup_epochs", d.warmupEpochs,
      "0 ≤ value < training.epochs (\(training.epochs))")
    if let xi = d.unrolledLearningRate {
      try check(
        xi > 0 && xi.isFinite, "differentiable.unrolled_learning_rate", xi, "a positive number")
    }
    try check(
      d.archLearningRate > 0 && d.archLearningRate.isFinite, "differentiable.arch_learning_rate",
      d.archLearningRate, "a positive number")
    try check(
      d.archBeta1 >= 0 && d.archBeta1 < 1, "differentiable.arch_beta1", d.archBeta1, "[0, 1)")
    try check(
      d.archBeta2 >= 0 && d.archBeta2 < 1, "differentiable.arch_beta2", d.archBeta2, "[0, 1)")
    try check(
      d.archWeightDecay >= 0 && d.archWeightDecay.isFinite, "differentiable.arch_weight_decay",
      d.archWeightDecay, "0 or more")
  }

  private func validateTriLevel() throws(CairnError) {
    let t = triLevel
    try check(
      t.transferWeight >= 0 && t.transferWeight.isFinite, "tri_level.transfer_weight",
      t.transferWeight, "0 or a positive number")
    try check(
      t.auxiliaryWeight >= 0 && t.auxiliaryWeight.isFinite, "tri_level.auxiliary_weight",
      t.auxiliaryWeight, "0 or a positive number")
    try check(
      t.auxiliaryLearningRate > 0 && t.auxiliaryLearningRate.isFinite,
      "tri_level.auxiliary_learning_rate", t.auxiliaryLearningRate, "a positive number")
    try check(
      t.auxiliaryMomentum >= 0 && t.auxiliaryMomentum < 1, "tri_level.auxiliary_momentum",
      t.auxiliaryMomentum, "[0, 1)")
    if let xi = t.auxiliaryUnrolledLearningRate {
      try check(
        xi > 0 && xi.isFinite, "tri_level.auxiliary_unrolled_learning_rate", xi,
        "a positive number")
    }
    try check(
      (1...1_000_000).contains(t.quadruples), "tri_level.quadruples", t.quadruples, "1...1000000")
    try check(
      t.temperature > 0 && t.temperature.isFinite, "tri_level.temperature", t.temperature,
      "a positive number")
    if training.sampler == .triLevel && t.form != .soft {
      throw .invalidInput(
        "tri_level.form \(t.form.rawValue) never reaches the super-net's architecture (its targets are "
          + "constant signs); training.sampler tri-level needs form soft")
    }
    if let text = t.auxiliary, text.isEmpty {
      throw .invalidInput("tri_level.auxiliary must be an architecture, got ''")
    }
  }

  private func validateDistillation() throws(CairnError) {
    let d = distillation
    try check((1...64).contains(d.students), "distillation.students", d.students, "1...64")
    try check(
      d.hardWeight >= 0 && d.hardWeight <= 1, "distillation.hard_weight", d.hardWeight, "0...1")
    try check(
      d.temperature > 0 && d.temperature.isFinite, "distillation.temperature", d.temperature,
      "a positive number")
    try check((0...64).contains(d.lookPaths), "distillation.look_paths", d.lookPaths, "0...64")
    try check(
      d.maxRecover >= 0 && d.maxRecover <= d.lookPaths, "distillation.max_recover", d.maxRecover,
      "0...distillation.look_paths (\(d.lookPaths))")
  }

  private func validateGDAS() throws(CairnError) {
    let g = gdas
    let epochs = training.epochs
    try check(
      g.warmupEpochs >= 0 && g.warmupEpochs < epochs, "gdas.warmup_epochs", g.warmupEpochs,
      "0 ≤ value < training.epochs (\(epochs))")
    try check(
      g.temperatureMin > 0 && g.temperatureMin.isFinite, "gdas.temperature_min", g.temperatureMin,
      "a positive number")
    try check(
      g.temperatureMax >= g.temperatureMin && g.temperatureMax.isFinite, "gdas.temperature_max",
      g.temperatureMax, "gdas.temperature_min (\(g.temperatureMin)) or more")
    try check(
      g.archLearningRate > 0 && g.archLearningRate.isFinite, "gdas.arch_learning_rate",
      g.archLearningRate, "a positive number")
    try check((0..<1).contains(g.archBeta1), "gdas.arch_beta1", g.archBeta1, "[0, 1)")
    try check((0..<1).contains(g.archBeta2), "gdas.arch_beta2", g.archBeta2, "[0, 1)")
    try check(
      g.archWeightDecay >= 0 && g.archWeightDecay.isFinite, "gdas.arch_weight_decay",
      g.archWeightDecay, "0 or more")
  }
}

/// Throws `key must be <range>, got <value>` unless `condition` holds.
func check(_ condition: Bool, _ key: String, _ value: Any, _ range: String) throws(CairnError) {
  try ConfigurationFile.require(condition, key, value, range)
}

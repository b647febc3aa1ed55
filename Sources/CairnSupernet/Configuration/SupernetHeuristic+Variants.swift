import CairnNetworks
import CairnTraining

extension SupernetHeuristic {
  /// Whether the heuristic means anything for `base`: the NB101 and NB201 switches for their space, the
  /// super-net warm-up when a landmark term or GDAS follows it, path sampling where the two laws differ (NB101).
  public func applies(to base: SupernetConfiguration) -> Bool {
    switch self {
    case .nb101Channels, .pathSampling, .weightSharingBatchNorm: base.space == .nb101
    case .nb101ChannelSlicing:
      base.space == .nb101 && base.supernet.nb101.vertexChannels == .dynamic
    case .operationCollapsing: base.space == .nb201
    case .supernetWarmup: base.landmarks.enabled || base.training.sampler == .gdas
    case .fairNAS: base.training.sampler != .gdas && base.space != .darts
    default: true
    }
  }

  /// The settings a study compares with `base`, each differing from it in this heuristic's keys only: a switch
  /// is flipped, a number halved and doubled (or, when it is 0 in `base`, set to a customary value), a family
  /// replaced by each other member. `trainingImages` is the size of the training set when `base` has no `limit`
  /// (for `data-fraction`; nil leaves that heuristic without variants). Empty when the heuristic does not apply.
  public func variants(of base: SupernetConfiguration, trainingImages: Int? = nil)
    -> [HeuristicVariant]
  {
    guard applies(to: base) else { return [] }
    let settings: [(String, (inout SupernetConfiguration) -> Void)]
    switch self {
    case .batchNormRunningStatistics, .batchNormAffine, .batchNormEvaluation, .fairNAS,
      .pathSampling, .nb101Channels, .operationCollapsing, .weightSharingBatchNorm:
      settings = switchVariants(base)
    case .learningRate, .epochs, .batchSize, .weightDecay, .channels, .depth, .dataFraction,
      .supernetWarmup:
      settings = scaledVariants(base, trainingImages: trainingImages)
    case .nb101ChannelSlicing:
      settings = NB101ChannelSlicing.allCases.filter { $0 != base.supernet.nb101.channelSlicing }
        .map {
          slicing in (slicing.rawValue, { $0.supernet.nb101.channelSlicing = slicing })
        }
    case .learningRateSchedule:
      settings = LearningRateScheduleKind.allCases.filter { $0 != base.training.schedule }.map {
        kind in (kind.rawValue, { $0.training.schedule = kind })
      }
    case .learningRateWarmup:
      let epochs = max(1, (Double(base.training.epochs) * 0.05).rounded())
      settings = [
        base.training.warmupEpochs > 0
          ? ("none", { $0.training.warmupEpochs = 0 })
          : ("\(Int(epochs))-epochs", { $0.training.warmupEpochs = epochs })
      ]
    case .pathDropout, .classifierDropout, .labelSmoothing:
      settings = rateVariants(base)
    }
    return settings.map { name, change in
      var configuration = base
      change(&configuration)
      return HeuristicVariant(name: name, configuration: configuration)
    }
    .filter { $0.configuration != base }
  }

  /// The other value of a two-way switch (or every other value of a choice).
  private func switchVariants(_ base: SupernetConfiguration)
    -> [(String, (inout SupernetConfiguration) -> Void)]
  {
    let s = base.supernet
    switch self {
    case .batchNormRunningStatistics:
      let tracked = !s.batchNormTracksRunningStatistics
      return [
        (
          tracked ? "tracked" : "batch-statistics",
          { $0.supernet.batchNormTracksRunningStatistics = tracked }
        )
      ]
    case .batchNormAffine:
      let affine = !s.batchNormAffine
      return [(affine ? "affine" : "no-affine", { $0.supernet.batchNormAffine = affine })]
    case .weightSharingBatchNorm:
      let perInputSet = !s.nb101.batchNormPerInputSet
      return [
        (
          perInputSet ? "per-input-set" : "shared",
          { $0.supernet.nb101.batchNormPerInputSet = perInputSet }
        )
      ]
    case .batchNormEvaluation:
      // Recalibration re-estimates running statistics, so the layers keep them; training is the same either way
      // (a training step normalizes with the batch's statistics).
      guard base.evaluation.batchNorm == .batchStatistics else {
        return [("batch-statistics", { $0.evaluation.batchNorm = .batchStatistics })]
      }
      return [
        (
          "recalibrated",
          {
            $0.evaluation.batchNorm = .recalibrated
            $0.supernet.batchNormTracksRunningStatistics = true
          }
        )
      ]
    case .fairNAS:
      let other: SamplerKind = base.training.sampler == .uniform ? .fairnas : .uniform
      return [(other.rawValue, { $0.training.sampler = other })]
    case .pathSampling:
      let other: PathSource = base.training.sampleFrom == .benchmark ? .space : .benchmark
      return [(other.rawValue, { $0.training.sampleFrom = other })]
    case .nb101Channels:
      let other: NB101VertexChannelRule = s.nb101.vertexChannels == .dynamic ? .fixed : .dynamic
      return [(other.rawValue, { $0.supernet.nb101.vertexChannels = other })]
    case .operationCollapsing:
      let other: EdgeSharing = s.sharing == .perEdge ? .perNode : .perEdge
      return [(other.rawValue, { $0.supernet.sharing = other })]
    default:
      return []
    }
  }

  /// Halved and doubled numbers (rounded for counts; at least 1).
  private func scaledVariants(_ base: SupernetConfiguration, trainingImages: Int?)
    -> [(String, (inout SupernetConfiguration) -> Void)]
  {
    func counts(_ value: Int, _ set: @escaping (inout SupernetConfiguration, Int) -> Void)
      -> [(String, (inout SupernetConfiguration) -> Void)]
    {
      [("x0.5", max(1, value / 2)), ("x2", 2 * value)].filter { $0.1 != value }.map {
        name, scaled in
        (name, { set(&$0, scaled) })
      }
    }
    let t = base.training
    switch self {
    case .learningRate:
      return [("x0.5", Float(0.5)), ("x2", 2)].map { name, factor in
        (
          name,
          {
            $0.training.learningRate = t.learningRate * factor
            $0.training.minimumLearningRate = min(t.minimumLearningRate, t.learningRate * factor)
          }
        )
      }
    case .weightDecay:
      return [("x0.5", Float(0.5)), ("x2", 2)].map { name, factor in
        (name, { $0.training.weightDecay = t.weightDecay * factor })
      }
    case .epochs: return counts(t.epochs) { $0.training.epochs = $1 }
    case .batchSize: return counts(t.batchSize) { $0.training.batchSize = $1 }
    case .channels: return counts(base.supernet.channels) { $0.supernet.channels = $1 }
    case .depth:
      return base.space == .darts
        ? counts(base.supernet.darts.cells) { $0.supernet.darts.cells = $1 }
        : counts(base.supernet.cellsPerStage) { $0.supernet.cellsPerStage = $1 }
    case .dataFraction:
      guard let images = base.limit ?? trainingImages else { return [] }
      return [("x0.5", { $0.limit = max(2, images / 2) })]
    case .supernetWarmup:
      let landmarks = base.landmarks.enabled
      let warmup = landmarks ? base.landmarks.warmupEpochs : base.gdas.warmupEpochs
      let epochs = t.epochs
      return [("x0.5", warmup / 2), ("x2", min(2 * warmup, epochs - 1))].filter { $0.1 != warmup }
        .map { name, value in
          (
            name,
            {
              if landmarks {
                $0.landmarks.warmupEpochs = value
              } else {
                $0.gdas.warmupEpochs = value
              }
            }
          )
        }
    default:
      return []
    }
  }

  /// Rates that are 0 in most recipes: 0.1 and 0.2 when `base` has none, else none and double.
  private func rateVariants(_ base: SupernetConfiguration)
    -> [(String, (inout SupernetConfiguration) -> Void)]
  {
    let key: WritableKeyPath<SupernetConfiguration, Float>
    switch self {
    case .pathDropout: key = \.training.pathDropout
    case .classifierDropout: key = \.training.classifierDropout
    default: key = \.training.labelSmoothing
    }
    let current = base[keyPath: key]
    let values: [Float] = current == 0 ? [0.1, 0.2] : [0, min(2 * current, 0.5)]
    return values.filter { $0 != current }.map { value in
      ("\(value)", { $0[keyPath: key] = value })
    }
  }
}

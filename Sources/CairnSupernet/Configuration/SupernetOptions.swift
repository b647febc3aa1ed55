import CairnNetworks
import CairnTraining

/// How a super-net step chooses its paths (`training.sampler`).
public enum SamplerKind: String, ConfigurationChoice {
  /// SPOS: one architecture per step, drawn uniformly.
  case uniform
  /// FairNAS strict fairness: m paths per step in which every operation decision takes each of its m options once.
  case fairnas
  /// GDAS: one hard Gumbel-softmax path from learned architecture parameters, which move on validation batches.
  case gdas
  /// DARTS: every decision mixes all its options by softmax(α); α moves by Adam on validation batches with the
  /// first- or second-order architecture gradient (see `differentiable`).
  case darts
  /// The transferability-encouraging tri-level method: DARTS's weight and architecture steps, plus an auxiliary
  /// model trained to match the super-net's quadruple relative similarities, whose unrolled validation loss the
  /// architecture also minimises (see `tri_level`).
  case triLevel = "tri-level"
  /// The space's largest architecture only (the first stage of progressive training: the widest network).
  case largest
  /// In-place distillation: the largest architecture on the labels, and `distillation.students` paths on the
  /// labels and on its detached predictions, with max-recover (see `distillation`).
  case inplaceDistillation = "inplace-distillation"

  /// Whether the sampler runs the network with every option mixed (DARTS and the tri-level method), reading the
  /// `differentiable` settings.
  public var mixesOptions: Bool { self == .darts || self == .triLevel }

  /// Whether the sampler learns architecture parameters of its own (GDAS, DARTS, the tri-level method), which a
  /// data-parallel run does not average: those run as a single process.
  public var learnsArchitecture: Bool { self == .gdas || mixesOptions }
}

/// The architecture gradient of DARTS (`differentiable.order`).
public enum DARTSOrder: String, ConfigurationChoice {
  /// ∇α L_val(w, α): the weights as they are.
  case first
  /// The gradient through one unrolled weight step, with a finite-difference Hessian-vector product.
  case second
}

/// Where paths, landmarks and evaluation pools come from (`training.sample_from`).
public enum PathSource: String, ConfigurationChoice {
  /// Uniform over the architectures whose ground truth is known (all of a tabulated space, or a benchmark's
  /// subset of it).
  case benchmark
  /// Uniform over the whole valid space, drawn by the space's own sampler (rejection for NB101).
  case space
}

/// How batch norm behaves when a super-net scores an architecture (`evaluation.batch_norm`).
public enum ScoringBatchNorm: String, ConfigurationChoice {
  case batchStatistics = "batch-statistics"
  case recalibrated
}

/// The images architectures are scored on (`evaluation.split`).
public enum ScoringSplit: String, ConfigurationChoice {
  /// The held-out part of the training set (`validation_fraction`): what a search may use.
  case validation
  /// The dataset's test set, as the landmark authors' code ranks the pool; never for choosing settings.
  case test
}

/// The ranking loss φ of the landmark term (`landmarks.loss`).
public enum LandmarkLossKind: String, ConfigurationChoice {
  case hinge
  case softplus
  case logistic
}

/// How landmark pairs are drawn each step (`landmarks.pair_law`).
public enum LandmarkPairLawName: String, ConfigurationChoice {
  case official
  case uniform
  case adjacent
  case threeChain = "three-chain"

  var law: LandmarkPairLaw {
    switch self {
    case .official: .official
    case .uniform: .uniform
    case .adjacent: .adjacent
    case .threeChain: .threeChain
    }
  }
}

/// How the landmarks are chosen (`landmarks.selection`).
public enum LandmarkSelectionKind: String, ConfigurationChoice {
  case random
  case rankStratified = "rank-stratified"
  case hamming
  case hammingIteration = "hamming-iteration"
}

/// The landmark weight schedule λ(t) (`landmarks.schedule`).
public enum LandmarkScheduleName: String, ConfigurationChoice {
  case constant
  case linearStepDecrease = "linear-step-decrease"
  case linearStepIncrease = "linear-step-increase"
  case cosineDecrease = "cosine-decrease"
  case cosineIncrease = "cosine-increase"

  func kind(form: LandmarkCosineIncreaseForm) -> LandmarkWeightSchedule.Kind {
    switch self {
    case .constant: .constant
    case .linearStepDecrease: .linearStepDecrease
    case .linearStepIncrease: .linearStepIncrease
    case .cosineDecrease: .cosineDecrease
    case .cosineIncrease: .cosineIncrease(form: form)
    }
  }
}

/// Which cosine-increase formula the schedule uses (`landmarks.schedule_form`).
public enum LandmarkScheduleFormName: String, ConfigurationChoice {
  case codeFaithful = "code-faithful"
  case paperExact = "paper-exact"

  var form: LandmarkCosineIncreaseForm {
    switch self {
    case .codeFaithful: .codeFaithful
    case .paperExact: .paperExact
    }
  }
}

/// Where landmark ground truth comes from (`landmarks.source`).
public enum LandmarkSource: String, ConfigurationChoice {
  /// The table named by `truth`.
  case table
  /// Cairn's results store of stand-alone runs (the mean over seeds).
  case store
}

/// How NB101 super-net vertices get their channels (`supernet.nb101.vertex_channels`).
public enum NB101VertexChannelRule: String, ConfigurationChoice {
  /// The NB101 rule per cell, weights sliced to each vertex's width (the landmark code's `fixed_chunk`).
  case dynamic
  /// Every interior vertex at C_out / K; only cells whose output has in-degree K (from interior vertices) are
  /// sampled, scored and searched (the landmark code's `nasbench101_fixchannel` sub-space).
  case fixed
}

extension NB101ChannelSlicing: ConfigurationChoice {}

/// How a cell super-net's edges share candidate-op weights (`supernet.sharing`; spaces with op-carrying edges).
public enum EdgeSharing: String, ConfigurationChoice {
  /// Every edge has its own candidate ops (`op_on_edge`).
  case perEdge = "per-edge"
  /// Edges into a node from non-input nodes share one set (`op_on_node`).
  case perNode = "per-node"
}

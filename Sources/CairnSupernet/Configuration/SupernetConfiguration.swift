import CairnCore
import CairnData
import CairnEngine
import CairnNetworks
import CairnSpaces
import CairnTraining
import Foundation

/// Everything that defines a super-net training run, read from YAML (`cairn supernet train CONFIG.yaml`).
///
/// Every key is optional and has the documented default except `truth`, which names the ground truth explicitly;
/// unknown keys are errors (with the nearest valid key suggested), so a typo never silently falls back to a
/// default. Keys are snake_case in the file.
public struct SupernetConfiguration: Codable, Hashable, Sendable {
  /// The run's name (its directory under `runs/` unless `--run-dir` says otherwise).
  public var name = "supernet"
  public var space: SpaceName = .nb201
  public var dataset: DatasetName = .cifar10
  public var dataDirectory: String?
  /// The fraction of the training set held out as the validation split (landmark batches, scoring).
  public var validationFraction = 0.5
  /// Use only the first N training images (quick checks); nil uses all.
  public var limit: Int?
  /// Ground truth as `space:metric`, e.g. `nb201:cifar10_test_acc_200ep`: what landmarks and rankings are
  /// compared with. No default metric.
  public var truth: String?
  public var seed: UInt64 = 0
  /// A run directory whose final checkpoint's weights the super-net starts from (a new run only; a pipeline's
  /// stages set it to the stage before). The space decides how tensors are matched: by name and shape, and for
  /// width super-nets new branches copy their parent's leading channels. Nil: fresh initialisation.
  public var initialization: String?
  /// The number format of convolutions, in training and scoring: `fp32`, or `bf16` (bf16 operands with f32
  /// accumulation, f32 master weights and batch-norm statistics); bf16 needs a CPU with AVX512_BF16 or AMX
  /// (`cairn doctor` says).
  public var precision: ConvolutionPrecision = .float32
  public var supernet = Supernet()
  public var training = Training()
  public var landmarks = Landmarks()
  public var evaluation = Evaluation()
  public var gdas = GDAS()
  public var distillation = Distillation()
  public var differentiable = Differentiable()
  public var triLevel = TriLevel()

  public init() {}

  /// A configuration with every optional key set, whose encoding lists every valid key.
  public static var keySchema: SupernetConfiguration {
    var schema = SupernetConfiguration()
    schema.dataDirectory = ""
    schema.limit = 0
    schema.truth = ""
    schema.initialization = ""
    schema.differentiable.unrolledLearningRate = 0
    schema.triLevel.auxiliary = ""
    schema.triLevel.auxiliaryUnrolledLearningRate = 0
    schema.evaluation.scoringBatches = 0
    schema.landmarks.architectures = []
    schema.landmarks.storeProtocol = ""
    return schema
  }

  /// Reads a configuration file strictly (unknown keys and wrong types are errors naming the key).
  public static func load(from url: URL) throws(CairnError) -> SupernetConfiguration {
    try ConfigurationFile.load(Self.self, from: url, defaults: Self(), schema: keySchema) {
      (configuration) throws(CairnError) in try configuration.validate()
    }
  }

  /// The super-net's shape and weight sharing.
  public struct Supernet: Codable, Hashable, Sendable {
    /// C: the network's base width (the first stage's or the stem's; see the space's super-net).
    public var channels = 16
    /// Cells (or modules) per stage.
    public var cellsPerStage = 5
    /// `per-edge` (op_on_edge) or `per-node` (op_on_node), for spaces whose edges carry ops.
    public var sharing: EdgeSharing = .perEdge
    public var batchNormAffine = true
    public var batchNormTracksRunningStatistics = false
    /// K of partial channel connections (PC-DARTS; NB201): every edge's ops hold and read C/K channels, the rest
    /// bypass them and the two are shuffled back together in K groups. 1: every channel (no partial channels).
    public var partialChannels = 1
    /// The vertex channel rule of NB101 super-nets.
    public var nb101 = NB101()
    /// The depth of DARTS super-nets.
    public var darts = DARTS()
    /// How ResNet-20 width super-nets build their candidates (`supernet.width`): the candidates enhancement
    /// (`widens_narrowest`, `prelu_after_addition`, `projection_shortcuts`) and `branches` (`none`, `quarters`,
    /// `steps`); all off by default.
    public var width = WidthDesign.none
    public init() {}

    /// The NB101 super-net's channel options.
    public struct NB101: Codable, Hashable, Sendable {
      /// `dynamic` (the NB101 rule, sliced weights) or `fixed` (every vertex at C_out / K).
      public var vertexChannels: NB101VertexChannelRule = .dynamic
      /// K for `fixed`: the output in-degree (from interior vertices) of every cell trained and scored.
      public var outputInDegree = 2
      /// Weight-sharing batch norm (WSBN; the authors' `--bn_type wsbn`): vertex v's op convolutions keep one
      /// batch norm per non-empty set of its possible inputs (2^v − 1), chosen by the inputs the pruned cell
      /// wires to it; the other options of batch norm (`batch_norm_affine`, `..._running_statistics`) apply to
      /// every copy (the authors' WSBN always tracks running statistics).
      public var batchNormPerInputSet = false
      /// How a vertex narrows its full-width weights to a cell's width under `dynamic` channels: `leading` (the
      /// first c channels; the code's `fixed_chunck`), `random-window` (c consecutive channels from a random
      /// offset; `random_chunck`), `random-subset` (c channels of a random permutation; `select_dropout`),
      /// `interpolation` (averages of channel bins) or `expand` (one set of weights per width, no sharing across
      /// widths). The random ones draw anew at every training step; scoring and landmark passes use a fixed draw
      /// per architecture. Applied to the weight's input columns and the output channels alike.
      public var channelSlicing: NB101ChannelSlicing = .leading
      public init() {}

      public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Self()
        vertexChannels = try container.value(for: .vertexChannels, default: defaults.vertexChannels)
        outputInDegree = try container.value(for: .outputInDegree, default: defaults.outputInDegree)
        batchNormPerInputSet = try container.value(
          for: .batchNormPerInputSet, default: defaults.batchNormPerInputSet)
        channelSlicing = try container.value(for: .channelSlicing, default: defaults.channelSlicing)
      }
    }

    /// The DARTS super-net's shape (`supernet.channels` is its C).
    public struct DARTS: Codable, Hashable, Sendable {
      /// The number of cells in all (the DARTS code's `layers`; reduction cells at cells/3 and 2·cells/3).
      /// DARTS searches with 8; the landmark code's SPOS runs use 12.
      public var cells = 8
      public init() {}
    }
  }

  /// Optimisation of the shared weights.
  public struct Training: Codable, Hashable, Sendable {
    public var epochs = 400
    public var batchSize = 256
    public var learningRate: Float = 0.025
    public var minimumLearningRate: Float = 0.001
    public var momentum: Float = 0.9
    public var nesterov = false
    public var weightDecay: Float = 5e-4
    public var gradientClip: Float = 5
    /// `uniform` (SPOS), `fairnas`, or `gdas` (hard Gumbel-softmax sampling from learned architecture
    /// parameters; see `gdas`).
    public var sampler: SamplerKind = .uniform
    /// `benchmark` (architectures with known ground truth) or `space` (the whole valid space).
    public var sampleFrom: PathSource = .benchmark
    /// `cosine` (to `minimum_learning_rate`), `step`, `constant` or `cosine-restarts` (SGDR).
    public var schedule: LearningRateScheduleKind = .cosine
    /// For `cosine-restarts`: the number of warm restarts (the epochs after warm-up split into restarts + 1
    /// equal cosine periods; the authors' `cosinewarm` has 1).
    public var restarts = 1
    /// For `step`: epochs between decays, and the factor.
    public var stepEpochs = 30.0
    public var stepGamma: Float = 0.1
    /// Epochs of linear learning-rate warm-up from 0 (0: none).
    public var warmupEpochs = 0.0
    /// ε of label smoothing in the training cross-entropy (targets 1 − ε + ε/k on the label, ε/k elsewhere; 0:
    /// none), as the authors' code's `label_smooth`. Landmark and scoring losses stay unsmoothed.
    public var labelSmoothing: Float = 0
    /// p of path dropout (drop-path) in the training steps of `uniform` and `fairnas` paths (the authors' code's
    /// `path_dropout_rate`; 0: none). NB201 and NB101 drop a sample's whole cell output, cell l of L with
    /// probability p·(l + 1)/L; DARTS drops each non-identity op output with probability p, as DARTS trains its
    /// networks. Kept samples are scaled by 1/(1 − probability); scoring and landmark passes run without it.
    public var pathDropout: Float = 0
    /// The dropout probability on the pooled features before the classifier in training steps (the authors'
    /// code's `global_dropout_rate`; 0: none).
    public var classifierDropout: Float = 0
    public init() {}
  }

  /// Landmark regularization (Yu, Ranftl & Salzmann, CVPR 2021).
  public struct Landmarks: Codable, Hashable, Sendable {
    public var enabled = false
    /// K, the number of landmark architectures.
    public var count = 30
    /// `random`, `rank-stratified`, `hamming` or `hamming-iteration`.
    public var selection: LandmarkSelectionKind = .random
    /// d for Hamming selection.
    public var hammingDistance = 3
    /// Roots for `hamming-iteration`.
    public var hammingRoots = 1
    public var pairsPerStep = 1
    /// `official` (a ~ U{0..K−2}, b ~ U{a+1..K−1}), `uniform`, `adjacent` or `three-chain`.
    public var pairLaw: LandmarkPairLawName = .official
    /// `hinge` (margin 0, the default), `softplus` or `logistic`.
    public var loss: LandmarkLossKind = .hinge
    public var softplusBeta = 5.0
    /// λ0, the regularization weight.
    public var weight = 10.0
    /// `constant`, `linear-step-decrease`, `linear-step-increase`, `cosine-decrease`, `cosine-increase`.
    public var schedule: LandmarkScheduleName = .cosineIncrease
    /// `code-faithful` (the official code's cosine-increase, which never reaches λ0) or `paper-exact`.
    public var scheduleForm: LandmarkScheduleFormName = .codeFaithful
    /// W, super-net warm-up epochs with λ = 0.
    public var warmupEpochs = 150
    /// Wl, linear landmark warm-up epochs (forced to 0 by the increase schedules).
    public var landmarkWarmupEpochs = 0
    /// Explicit landmarks (in the space's text form); when set, `count` and `selection` are not used.
    public var architectures: [String]?
    /// Where landmark ground truth comes from: `table` (the `truth` table) or `store` (Cairn's results store
    /// of stand-alone runs on this dataset, the mean over seeds).
    public var source: LandmarkSource = .table
    /// The results store for `source: store` (SQLite).
    public var store = "runs/results.sqlite"
    /// For `source: store`: only results of this training-protocol hash (nil: all protocols).
    public var storeProtocol: String?
    /// T, rounds of the multi-iteration pipeline (paper Fig. 2): after each of the first T − 1 rounds, the
    /// `added_per_iteration` best unseen architectures of a search pool under the super-net join the landmarks.
    public var iterations = 1
    /// k, the architectures added to the landmarks after each round.
    public var addedPerIteration = 5
    /// Random architectures (outside the landmarks and the evaluation pool) scored to find the top k.
    public var searchPoolSize = 500
    public init() {}
  }

  /// GDAS (Dong & Yang, CVPR 2019) with `training.sampler: gdas`: after `warmup_epochs` of uniform single-path
  /// training, each step samples a hard architecture from softmax((log_softmax(α) + Gumbel)/τ) for the weight
  /// step on a training batch, then updates α by Adam on a validation batch. τ falls linearly from
  /// `temperature_max` to `temperature_min` over the GDAS epochs (the intended schedule; the landmark code applies
  /// it to the global epoch and goes negative).
  public struct GDAS: Codable, Hashable, Sendable {
    public var warmupEpochs = 0
    public var temperatureMax = 10.0
    public var temperatureMin = 0.1
    public var archLearningRate = 3e-4
    public var archBeta1 = 0.5
    public var archBeta2 = 0.999
    public var archWeightDecay = 1e-3
    public init() {}

    var adamSettings: ArchitectureAdam.Settings {
      var settings = ArchitectureAdam.Settings()
      settings.learningRate = archLearningRate
      settings.beta1 = archBeta1
      settings.beta2 = archBeta2
      settings.weightDecay = archWeightDecay
      return settings
    }
  }

  /// In-place distillation with `training.sampler: inplace-distillation`, as the CVPR 2021 Lightweight NAS
  /// Challenge's winning super-net trains (its stage 2; defaults are its settings). Each step: cross-entropy of
  /// the space's largest architecture (the teacher) on the labels; then `students` paths (uniform, or the smallest
  /// architecture first with `sandwich`), each on hard_weight · CE + (1 − hard_weight) · soft-CE against the
  /// teacher's detached softmax(z / T); one optimizer step. Max-recover: before the step, `look_paths` further
  /// uniform paths are scored by their soft-CE on the same batch; after it, each whose soft-CE rose is trained on
  /// that soft-CE again, up to `max_recover` of them, and a second optimizer step follows when any was.
  public struct Distillation: Codable, Hashable, Sendable {
    /// k, student paths per step.
    public var students = 8
    /// The weight of a student's cross-entropy on the labels (the rest weighs the soft-CE against the teacher).
    public var hardWeight: Float = 0.2
    /// T, the softmax temperature of teacher and students in the soft-CE.
    public var temperature: Float = 1
    /// The sandwich rule: the first student of every step is the space's smallest architecture.
    public var sandwich = false
    /// Whether the teacher learns from the labels in every step (stage 2); false freezes it: its forward pass
    /// only gives the targets (stages 3 and 4, with `hard_weight: 0` for pure distillation).
    public var teacherTrains = true
    /// Paths scored before the step for max-recover (0: no max-recover).
    public var lookPaths = 5
    /// The most looked-at paths retrained after the step (0: no max-recover).
    public var maxRecover = 5
    public init() {}

    /// Decodes a saved configuration; keys added later take their defaults.
    public init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      let defaults = Self()
      students = try container.value(for: .students, default: defaults.students)
      hardWeight = try container.value(for: .hardWeight, default: defaults.hardWeight)
      temperature = try container.value(for: .temperature, default: defaults.temperature)
      sandwich = try container.value(for: .sandwich, default: defaults.sandwich)
      teacherTrains = try container.value(for: .teacherTrains, default: defaults.teacherTrains)
      lookPaths = try container.value(for: .lookPaths, default: defaults.lookPaths)
      maxRecover = try container.value(for: .maxRecover, default: defaults.maxRecover)
    }
  }

  /// DARTS (Liu, Simonyan & Yang, ICLR 2019) with `training.sampler: darts`: after `warmup_epochs` of uniform
  /// single-path steps, every step trains the weights on a training batch with every decision's options mixed
  /// by softmax(α), then moves α by Adam on a validation batch along the first-order gradient or the
  /// second-order one (one unrolled weight step of learning rate ξ = `unrolled_learning_rate`, or
  /// `training.learning_rate` when unset; DARTS uses the current, annealed rate). The derived architecture is
  /// the argmax of α per decision.
  public struct Differentiable: Codable, Hashable, Sendable {
    public var order: DARTSOrder = .second
    /// Edge normalization (PC-DARTS): each node weights its incoming edges by softmax(β), β learned with α.
    public var edgeNormalization = false
    public var warmupEpochs = 0
    public var unrolledLearningRate: Double?
    public var archLearningRate = 3e-4
    public var archBeta1 = 0.5
    public var archBeta2 = 0.999
    public var archWeightDecay = 1e-3
    public init() {}

    /// Decodes a saved configuration; keys added later take their defaults.
    public init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      let defaults = Self()
      order = try container.value(for: .order, default: defaults.order)
      edgeNormalization = try container.value(
        for: .edgeNormalization, default: defaults.edgeNormalization)
      warmupEpochs = try container.value(for: .warmupEpochs, default: defaults.warmupEpochs)
      unrolledLearningRate = try container.value(
        for: .unrolledLearningRate, default: defaults.unrolledLearningRate)
      archLearningRate = try container.value(
        for: .archLearningRate, default: defaults.archLearningRate)
      archBeta1 = try container.value(for: .archBeta1, default: defaults.archBeta1)
      archBeta2 = try container.value(for: .archBeta2, default: defaults.archBeta2)
      archWeightDecay = try container.value(
        for: .archWeightDecay, default: defaults.archWeightDecay)
    }

    var adamSettings: ArchitectureAdam.Settings {
      var settings = ArchitectureAdam.Settings()
      settings.learningRate = archLearningRate
      settings.beta1 = archBeta1
      settings.beta2 = archBeta2
      settings.weightDecay = archWeightDecay
      return settings
    }
  }

  /// The transferability-encouraging tri-level method (Sheth & Xie, ICLR 2023) with `training.sampler: tri-level`,
  /// as Cairn formulates it (only the paper's abstract could be read): each step after the DARTS warm-up (1) trains
  /// the super-net's weights W with every decision mixed by softmax(α), as DARTS; (2) trains the auxiliary model
  /// V, a stand-alone network of the fixed architecture `auxiliary`, on CE + `transfer_weight`·L_QRS, matching its
  /// quadruple relative similarities to the super-net's (`quadruples`, `form`, `temperature`; see
  /// `QuadrupleRelativeSimilarity`) by SGD of its own; (3) moves α by Adam (`differentiable`'s settings) along
  /// ∇α L_val(W) (first or second order, `differentiable.order`) + `auxiliary_weight`·∇α L_val(V′), V′ being V
  /// after one unrolled step (learning rate `auxiliary_unrolled_learning_rate`, or `auxiliary_learning_rate`).
  public struct TriLevel: Codable, Hashable, Sendable {
    /// V's architecture, as text; nil takes the space's default (NB201: the ResNet cell).
    public var auxiliary: String?
    /// λ: the weight of L_QRS in V's loss.
    public var transferWeight = 1.0
    /// γ: the weight of V's validation loss in the architecture's objective.
    public var auxiliaryWeight = 1.0
    /// V's SGD learning rate (constant).
    public var auxiliaryLearningRate: Float = 0.025
    public var auxiliaryMomentum: Float = 0.9
    /// ξ_V of V's unrolled step; nil uses `auxiliary_learning_rate`.
    public var auxiliaryUnrolledLearningRate: Double?
    /// Quadruples of each batch L_QRS compares.
    public var quadruples = 256
    /// L_QRS's form; the architecture step needs `soft`, the only form that reaches the super-net.
    public var form: QuadrupleRelativeSimilarity.Form = .soft
    /// τ: the soft and logistic forms' temperature, the hinge form's margin.
    public var temperature: Float = 0.1
    public init() {}

    /// Decodes a saved configuration; keys added later take their defaults.
    public init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      let defaults = Self()
      auxiliary = try container.value(for: .auxiliary, default: defaults.auxiliary)
      transferWeight = try container.value(for: .transferWeight, default: defaults.transferWeight)
      auxiliaryWeight = try container.value(
        for: .auxiliaryWeight, default: defaults.auxiliaryWeight)
      auxiliaryLearningRate = try container.value(
        for: .auxiliaryLearningRate, default: defaults.auxiliaryLearningRate)
      auxiliaryMomentum = try container.value(
        for: .auxiliaryMomentum, default: defaults.auxiliaryMomentum)
      auxiliaryUnrolledLearningRate = try container.value(
        for: .auxiliaryUnrolledLearningRate, default: defaults.auxiliaryUnrolledLearningRate)
      quadruples = try container.value(for: .quadruples, default: defaults.quadruples)
      form = try container.value(for: .form, default: defaults.form)
      temperature = try container.value(for: .temperature, default: defaults.temperature)
    }

    /// The similarity loss these settings describe.
    var similarity: QuadrupleRelativeSimilarity {
      QuadrupleRelativeSimilarity(quadruples: quadruples, form: form, temperature: temperature)
    }
  }

  /// Ranking evaluation during and after training.
  public struct Evaluation: Codable, Hashable, Sendable {
    /// Evaluate every this many epochs (and at the end).
    public var every = 30
    /// Random non-landmark architectures in the evaluation pool.
    public var poolSize = 200
    /// `batch-statistics` or `recalibrated`.
    public var batchNorm: ScoringBatchNorm = .batchStatistics
    public var recalibrationBatches = 10
    /// The images the pool is scored on: `validation` (the held-out training images; the default, and what a
    /// search must use) or `test` (the test set, the landmark authors' protocol, for comparing with the paper).
    public var split: ScoringSplit = .validation
    /// Batches of 256 images of `split` used to score each architecture (nil: the whole split).
    public var scoringBatches: Int?
    public var topK = 10
    /// Bootstrap resamples for the ranking intervals at each evaluation (0: point values only).
    public var bootstrap = 200
    public init() {}
  }
}

extension SupernetConfiguration {
  /// Decodes a saved configuration; keys added in later versions of Cairn take their defaults, so runs written
  /// before them still load.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let defaults = Self()
    name = try container.value(for: .name, default: defaults.name)
    space = try container.value(for: .space, default: defaults.space)
    dataset = try container.value(for: .dataset, default: defaults.dataset)
    dataDirectory = try container.value(for: .dataDirectory, default: defaults.dataDirectory)
    validationFraction = try container.value(
      for: .validationFraction, default: defaults.validationFraction)
    limit = try container.value(for: .limit, default: defaults.limit)
    truth = try container.value(for: .truth, default: defaults.truth)
    seed = try container.value(for: .seed, default: defaults.seed)
    initialization = try container.value(for: .initialization, default: defaults.initialization)
    precision = try container.value(for: .precision, default: defaults.precision)
    supernet = try container.value(for: .supernet, default: defaults.supernet)
    training = try container.value(for: .training, default: defaults.training)
    landmarks = try container.value(for: .landmarks, default: defaults.landmarks)
    evaluation = try container.value(for: .evaluation, default: defaults.evaluation)
    gdas = try container.value(for: .gdas, default: defaults.gdas)
    distillation = try container.value(for: .distillation, default: defaults.distillation)
    differentiable = try container.value(for: .differentiable, default: defaults.differentiable)
    triLevel = try container.value(for: .triLevel, default: defaults.triLevel)
  }
}

extension SupernetConfiguration.Landmarks {
  /// Decodes a saved configuration; keys added in later versions of Cairn take their defaults, so runs written
  /// before them still load.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let defaults = Self()
    enabled = try container.value(for: .enabled, default: defaults.enabled)
    count = try container.value(for: .count, default: defaults.count)
    selection = try container.value(for: .selection, default: defaults.selection)
    hammingDistance = try container.value(for: .hammingDistance, default: defaults.hammingDistance)
    hammingRoots = try container.value(for: .hammingRoots, default: defaults.hammingRoots)
    pairsPerStep = try container.value(for: .pairsPerStep, default: defaults.pairsPerStep)
    pairLaw = try container.value(for: .pairLaw, default: defaults.pairLaw)
    loss = try container.value(for: .loss, default: defaults.loss)
    softplusBeta = try container.value(for: .softplusBeta, default: defaults.softplusBeta)
    weight = try container.value(for: .weight, default: defaults.weight)
    schedule = try container.value(for: .schedule, default: defaults.schedule)
    scheduleForm = try container.value(for: .scheduleForm, default: defaults.scheduleForm)
    warmupEpochs = try container.value(for: .warmupEpochs, default: defaults.warmupEpochs)
    landmarkWarmupEpochs = try container.value(
      for: .landmarkWarmupEpochs, default: defaults.landmarkWarmupEpochs)
    architectures = try container.value(for: .architectures, default: defaults.architectures)
    source = try container.value(for: .source, default: defaults.source)
    store = try container.value(for: .store, default: defaults.store)
    storeProtocol = try container.value(for: .storeProtocol, default: defaults.storeProtocol)
    iterations = try container.value(for: .iterations, default: defaults.iterations)
    addedPerIteration = try container.value(
      for: .addedPerIteration, default: defaults.addedPerIteration)
    searchPoolSize = try container.value(for: .searchPoolSize, default: defaults.searchPoolSize)
  }
}

extension SupernetConfiguration.Supernet {
  /// Decodes a saved configuration; keys added in later versions of Cairn take their defaults.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let defaults = Self()
    channels = try container.value(for: .channels, default: defaults.channels)
    cellsPerStage = try container.value(for: .cellsPerStage, default: defaults.cellsPerStage)
    sharing = try container.value(for: .sharing, default: defaults.sharing)
    batchNormAffine = try container.value(for: .batchNormAffine, default: defaults.batchNormAffine)
    batchNormTracksRunningStatistics = try container.value(
      for: .batchNormTracksRunningStatistics, default: defaults.batchNormTracksRunningStatistics)
    partialChannels = try container.value(for: .partialChannels, default: defaults.partialChannels)
    nb101 = try container.value(for: .nb101, default: defaults.nb101)
    darts = try container.value(for: .darts, default: defaults.darts)
    width = try container.value(for: .width, default: defaults.width)
  }
}

extension SupernetConfiguration.Evaluation {
  /// Decodes a saved configuration; keys added in later versions of Cairn take their defaults.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let defaults = Self()
    every = try container.value(for: .every, default: defaults.every)
    poolSize = try container.value(for: .poolSize, default: defaults.poolSize)
    batchNorm = try container.value(for: .batchNorm, default: defaults.batchNorm)
    recalibrationBatches = try container.value(
      for: .recalibrationBatches, default: defaults.recalibrationBatches)
    split = try container.value(for: .split, default: defaults.split)
    scoringBatches = try container.value(for: .scoringBatches, default: defaults.scoringBatches)
    topK = try container.value(for: .topK, default: defaults.topK)
    bootstrap = try container.value(for: .bootstrap, default: defaults.bootstrap)
  }
}

extension SupernetConfiguration.Training {
  /// Decodes a saved configuration; keys added in later versions of Cairn take their defaults.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let defaults = Self()
    epochs = try container.value(for: .epochs, default: defaults.epochs)
    batchSize = try container.value(for: .batchSize, default: defaults.batchSize)
    learningRate = try container.value(for: .learningRate, default: defaults.learningRate)
    minimumLearningRate = try container.value(
      for: .minimumLearningRate, default: defaults.minimumLearningRate)
    momentum = try container.value(for: .momentum, default: defaults.momentum)
    nesterov = try container.value(for: .nesterov, default: defaults.nesterov)
    weightDecay = try container.value(for: .weightDecay, default: defaults.weightDecay)
    gradientClip = try container.value(for: .gradientClip, default: defaults.gradientClip)
    sampler = try container.value(for: .sampler, default: defaults.sampler)
    sampleFrom = try container.value(for: .sampleFrom, default: defaults.sampleFrom)
    schedule = try container.value(for: .schedule, default: defaults.schedule)
    stepEpochs = try container.value(for: .stepEpochs, default: defaults.stepEpochs)
    stepGamma = try container.value(for: .stepGamma, default: defaults.stepGamma)
    warmupEpochs = try container.value(for: .warmupEpochs, default: defaults.warmupEpochs)
    labelSmoothing = try container.value(for: .labelSmoothing, default: defaults.labelSmoothing)
    restarts = try container.value(for: .restarts, default: defaults.restarts)
    pathDropout = try container.value(for: .pathDropout, default: defaults.pathDropout)
    classifierDropout = try container.value(
      for: .classifierDropout, default: defaults.classifierDropout)
  }
}

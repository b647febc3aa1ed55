import CairnTraining

/// The super-net training heuristics of Yu, Ranftl and Salzmann's study ("An Analysis of Super-Net Heuristics in
/// Weight-Sharing NAS"), as Cairn names and controls them: one case per heuristic, with the seed's name for it,
/// the configuration keys it sets and (`variants(of:)`) the settings `cairn study` compares with a baseline.
///
/// The seed paper's own list of 14 is not confirmed in full (docs/HEURISTICS.md); this catalog covers every
/// switch of the authors' code that Cairn implements, one heuristic per concept.
public enum SupernetHeuristic: String, ConfigurationChoice {
  /// Batch norm keeps running statistics for evaluation, or normalizes with each batch's statistics.
  case batchNormRunningStatistics = "bn-running-statistics"
  /// Batch norm's learnable scale and shift.
  case batchNormAffine = "bn-affine"
  /// Scoring with batch statistics, or with statistics re-estimated per architecture.
  case batchNormEvaluation = "bn-evaluation"
  /// Weight-sharing batch norm: one batch norm per set of inputs of an NB101 vertex.
  case weightSharingBatchNorm = "wsbn"
  /// The base learning rate.
  case learningRate = "learning-rate"
  /// The learning-rate schedule family: cosine, step, constant, cosine with warm restarts.
  case learningRateSchedule = "lr-schedule"
  /// A linear learning-rate warm-up.
  case learningRateWarmup = "lr-warmup"
  /// The number of training epochs.
  case epochs
  /// The batch size.
  case batchSize = "batch-size"
  /// The weight decay.
  case weightDecay = "weight-decay"
  /// Low fidelity in width: the super-net's base channels.
  case channels
  /// Low fidelity in depth: cells per stage (DARTS: cells in all).
  case depth
  /// Low fidelity in data: the training images used.
  case dataFraction = "data-fraction"
  /// Epochs of plain super-net training before the landmark term (or GDAS) acts.
  case supernetWarmup = "supernet-warmup"
  /// Dropping whole paths of the sampled architecture.
  case pathDropout = "path-dropout"
  /// Dropout before the classifier.
  case classifierDropout = "classifier-dropout"
  /// Label smoothing of the training loss.
  case labelSmoothing = "label-smoothing"
  /// FairNAS strict-fairness sampling instead of one uniform path per step.
  case fairNAS = "fairnas"
  /// Uniform over the benchmark's valid architectures, or the space's random-with-rejection law (NB101).
  case pathSampling = "path-sampling"
  /// NB101's dynamic vertex channels, or the fixed-channel sub-space.
  case nb101Channels = "nb101-channels"
  /// How NB101's dynamic channels narrow the shared weights: leading, random window, random subset, interpolation.
  case nb101ChannelSlicing = "nb101-channel-slicing"
  /// Operation collapsing: one op set per node (op on node) or per edge (op on edge); NB201.
  case operationCollapsing = "operation-collapsing"

  /// The heuristic's name in the seed paper and the authors' code (`nasws`).
  public var seedName: String {
    switch self {
    case .batchNormRunningStatistics: "BN running statistics (--wsbn_track_stat)"
    case .batchNormAffine: "BN affine (--wsbn_affine)"
    case .batchNormEvaluation:
      "BN at evaluation (train-mode batch statistics; no recalibration in nasws)"
    case .weightSharingBatchNorm: "weight-sharing BN (--bn_type wsbn)"
    case .learningRate: "learning rate (--learning_rate)"
    case .learningRateSchedule: "learning-rate scheduler (--learning_rate_scheduler)"
    case .learningRateWarmup: "learning-rate warm-up (cosineimagenet)"
    case .epochs: "epochs (--epochs)"
    case .batchSize: "batch size (--batch_size)"
    case .weightDecay: "weight decay (--weight_decay)"
    case .channels: "low fidelity: initial channels (--init_channels)"
    case .depth: "low fidelity: layers (--layers)"
    case .dataFraction: "low fidelity: training data (--train_portion)"
    case .supernetWarmup: "super-net warm-up (--supernet_warmup_epoch)"
    case .pathDropout: "path dropout (--path_dropout_rate)"
    case .classifierDropout: "global dropout (--global_dropout_rate)"
    case .labelSmoothing: "label smoothing (--label_smooth)"
    case .fairNAS: "FairNAS sampling (--supernet_train_method fairnas)"
    case .pathSampling: "path sampling (--path_sample_method default | random_nas)"
    case .nb101Channels: "dynamic channeling (--dynamic_conv_method; nasbench101_fixchannel)"
    case .nb101ChannelSlicing:
      "dynamic channel methods (--dynamic_conv_method, --channel_dropout_method: fixed_chunck, random_chunck, select_dropout, interpolation)"
    case .operationCollapsing: "operation collapsing (--supernet_cell_type op_on_node | op_on_edge)"
    }
  }

  /// The Cairn configuration keys the heuristic sets.
  public var keys: [String] {
    switch self {
    case .batchNormRunningStatistics: ["supernet.batch_norm_tracks_running_statistics"]
    case .batchNormAffine: ["supernet.batch_norm_affine"]
    case .batchNormEvaluation:
      [
        "evaluation.batch_norm", "evaluation.recalibration_batches",
        "supernet.batch_norm_tracks_running_statistics",
      ]
    case .weightSharingBatchNorm: ["supernet.nb101.batch_norm_per_input_set"]
    case .learningRate: ["training.learning_rate", "training.minimum_learning_rate"]
    case .learningRateSchedule: ["training.schedule", "training.restarts", "training.step_epochs"]
    case .learningRateWarmup: ["training.warmup_epochs"]
    case .epochs: ["training.epochs"]
    case .batchSize: ["training.batch_size"]
    case .weightDecay: ["training.weight_decay"]
    case .channels: ["supernet.channels"]
    case .depth: ["supernet.cells_per_stage", "supernet.darts.cells"]
    case .dataFraction: ["limit"]
    case .supernetWarmup: ["landmarks.warmup_epochs", "gdas.warmup_epochs"]
    case .pathDropout: ["training.path_dropout"]
    case .classifierDropout: ["training.classifier_dropout"]
    case .labelSmoothing: ["training.label_smoothing"]
    case .fairNAS: ["training.sampler"]
    case .pathSampling: ["training.sample_from"]
    case .nb101Channels: ["supernet.nb101.vertex_channels", "supernet.nb101.output_in_degree"]
    case .nb101ChannelSlicing: ["supernet.nb101.channel_slicing"]
    case .operationCollapsing: ["supernet.sharing"]
    }
  }
}

/// One setting of a heuristic that a study trains beside the baseline: its name (`x2`, `tracked`, `step`, …) and
/// the whole configuration.
public struct HeuristicVariant: Sendable, Hashable {
  public var name: String
  public var configuration: SupernetConfiguration

  public init(name: String, configuration: SupernetConfiguration) {
    self.name = name
    self.configuration = configuration
  }
}

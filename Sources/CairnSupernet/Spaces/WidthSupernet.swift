import CairnCore
import CairnEngine
import CairnNetworks
import CairnSpaces

/// The ResNet-20 width space for the super-net machinery: one `WidthNetwork` at the space's widest widths (16,
/// 32, 64 by stage), every architecture run by prefix slicing, with the candidates enhancement and narrow branches of
/// `supernet.width`. Paths come from the space's own sampler (uniform widths per layer).
public enum WidthSupernet: SupernetSpace {
  public static let name = SpaceName.resnet20Width

  public static func space(for configuration: SupernetConfiguration) -> WidthSpace { WidthSpace() }

  /// Refuses the keys that shape other spaces' super-nets (the space fixes every width and the depth), per-node
  /// sharing, and paths from the known architectures (a benchmark of a few dozen stand-alone runs).
  public static func validate(_ configuration: SupernetConfiguration) throws(CairnError) {
    let s = configuration.supernet
    let defaults = SupernetConfiguration.Supernet()
    guard s.channels == defaults.channels, s.cellsPerStage == defaults.cellsPerStage else {
      throw .invalidInput(
        "supernet.channels and supernet.cells_per_stage do not apply to resnet20-width (the space fixes every width and the depth); remove them"
      )
    }
    guard s.sharing == .perEdge else {
      throw .invalidInput("supernet.sharing must be per-edge for resnet20-width, got per-node")
    }
    guard configuration.training.sampleFrom == .space else {
      throw .invalidInput(
        "training.sample_from must be space for resnet20-width (paths come from the space's sampler; its ground truth knows only a few stand-alone runs)"
      )
    }
  }

  /// The widest network: every layer at its largest width.
  public static func largest(for configuration: SupernetConfiguration) -> WidthArchitecture? {
    WidthSpace().widest
  }

  /// The narrowest network: every layer at 4 channels.
  public static func smallest(for configuration: SupernetConfiguration) -> WidthArchitecture? {
    WidthSpace().narrowest
  }

  /// Tensors match by name and shape; branches the checkpoint lacks start as their parent's leading channels.
  public static func initialize(_ network: WidthNetwork, from tensors: [String: Tensor])
    throws(CairnError)
  {
    try network.load(growingFrom: tensors)
  }

  public static func makeSupernet(
    _ configuration: SupernetConfiguration, classes: Int, inputChannels: Int,
    random: inout RandomStream
  ) throws(CairnError) -> WidthNetwork {
    let s = configuration.supernet
    let shape = WidthNetworkShape.supernet(classes: classes, inputChannels: inputChannels)
    try shape.validate()
    return WidthNetwork(
      shape: shape, design: s.width,
      batchNorm: BatchNormOptions(
        affine: s.batchNormAffine, tracksRunningStatistics: s.batchNormTracksRunningStatistics),
      random: &random)
  }
}

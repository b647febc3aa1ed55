import CairnCore
import CairnNetworks
import CairnSpaces

/// NAS-Bench-101 for the super-net machinery: the landmark code's NB101 super-net (stem of `supernet.channels`,
/// 3 stacks of `supernet.cells_per_stage` modules doubling the width in every stack, 7-vertex mixed modules) with
/// dynamic or fixed vertex channels (`supernet.nb101`).
public enum NB101Supernet: SupernetSpace {
  public static let name = SpaceName.nb101

  public static func space(for configuration: SupernetConfiguration) -> NB101Space { NB101Space() }

  public static func validate(_ configuration: SupernetConfiguration) throws(CairnError) {
    guard configuration.supernet.sharing == .perEdge else {
      throw .invalidInput(
        "supernet.sharing must be per-edge for nb101 (its vertices carry the ops), got per-node")
    }
    let nb101 = configuration.supernet.nb101
    if nb101.vertexChannels == .fixed && nb101.channelSlicing != .leading {
      throw .invalidInput(
        "supernet.nb101.channel_slicing \(nb101.channelSlicing.rawValue) narrows dynamic vertex channels; "
          + "with vertex_channels fixed every vertex runs at its full width (use leading)")
    }
    _ = try shape(configuration, classes: 10, inputChannels: 3)
  }

  public static func makeSupernet(
    _ configuration: SupernetConfiguration, classes: Int, inputChannels: Int,
    random: inout RandomStream
  ) throws(CairnError) -> NB101Network {
    let s = configuration.supernet
    return try NB101Network.supernet(
      shape: try shape(configuration, classes: classes, inputChannels: inputChannels),
      batchNorm: BatchNormOptions(
        affine: s.batchNormAffine, tracksRunningStatistics: s.batchNormTracksRunningStatistics,
        perInputSet: s.nb101.batchNormPerInputSet),
      channels: channelMode(configuration), slicing: s.nb101.channelSlicing, random: &random)
  }

  /// The fixed-channel sub-space admits only cells whose output has in-degree K.
  public static func admits(
    _ architecture: NB101Architecture, configuration: SupernetConfiguration
  ) -> Bool {
    switch channelMode(configuration) {
    case .dynamic: return architecture.pruned() != nil
    case .fixed(let k): return NB101Network.fits(architecture, outputInDegree: k)
    }
  }

  static func channelMode(_ configuration: SupernetConfiguration) -> NB101ChannelMode {
    let nb101 = configuration.supernet.nb101
    switch nb101.vertexChannels {
    case .dynamic: return .dynamic
    case .fixed: return .fixed(outputInDegree: nb101.outputInDegree)
    }
  }

  /// The super-net's shape; throws naming `supernet.channels` when the widths cannot hold the cells.
  static func shape(_ configuration: SupernetConfiguration, classes: Int, inputChannels: Int)
    throws(CairnError) -> NB101NetworkShape
  {
    let s = configuration.supernet
    let shape = NB101NetworkShape(
      stemChannels: s.channels, modulesPerStack: s.cellsPerStage, progression: .landmarkCode,
      classes: classes, inputChannels: inputChannels)
    do {
      switch channelMode(configuration) {
      case .dynamic: try shape.validate(minimumWidth: NB101VertexChannels.maximumOutputInDegree)
      case .fixed(let k): try shape.validate(minimumWidth: k, divisor: k)
      }
    } catch {
      throw .invalidInput(
        "supernet.channels \(s.channels) does not fit nb101: \(error.description)")
    }
    return shape
  }
}

import CairnCore
import CairnNetworks
import CairnSpaces

/// The DARTS (NDS) space for the super-net machinery: a `DARTSNetwork` super-net (`op_on_edge`: each of the 14
/// edges of each cell type holds the seven ops but `none`) of C = `supernet.channels` and `supernet.darts.cells`
/// cells, without auxiliary head or drop-path, trained on single paths drawn by the space's own sampler.
///
/// The landmark code's DARTS runs use batch norm without affine parameters or running statistics
/// (`supernet.batch_norm_affine: false`, `supernet.batch_norm_tracks_running_statistics: false`).
public enum DARTSSupernet: SupernetSpace {
  public static let name = SpaceName.darts

  public static func space(for configuration: SupernetConfiguration) -> DARTSSpace { DARTSSpace() }

  /// Refuses what the DARTS super-net does not do: per-node sharing, `cells_per_stage` (its depth is
  /// `supernet.darts.cells`), paths from the known architectures (a few stand-alone runs, not a benchmark), and
  /// FairNAS (its op decisions include `none`, which the space leaves out).
  public static func validate(_ configuration: SupernetConfiguration) throws(CairnError) {
    let s = configuration.supernet
    guard s.sharing == .perEdge else {
      throw .invalidInput(
        "supernet.sharing must be per-edge for darts (op_on_edge; per-node is not implemented), got per-node"
      )
    }
    guard s.cellsPerStage == SupernetConfiguration.Supernet().cellsPerStage else {
      throw .invalidInput(
        "supernet.cells_per_stage does not apply to darts; set the total with supernet.darts.cells")
    }
    guard configuration.training.sampleFrom == .space else {
      throw .invalidInput(
        "training.sample_from must be space for darts (paths come from the space's sampler; its ground truth knows only a few stand-alone runs)"
      )
    }
    guard configuration.training.sampler != .fairnas else {
      throw .invalidInput(
        "training.sampler fairnas is not available for darts (its op decisions include none, which the space leaves out); use uniform"
      )
    }
  }

  public static func makeSupernet(
    _ configuration: SupernetConfiguration, classes: Int, inputChannels: Int,
    random: inout RandomStream
  ) throws(CairnError) -> DARTSNetwork {
    let s = configuration.supernet
    let shape = DARTSNetworkShape(
      channels: s.channels, cells: s.darts.cells, classes: classes, inputChannels: inputChannels)
    try shape.validate(imageSide: 32)
    return DARTSNetwork.supernet(
      shape: shape,
      batchNorm: BatchNormOptions(
        affine: s.batchNormAffine, tracksRunningStatistics: s.batchNormTracksRunningStatistics),
      random: &random)
  }
}

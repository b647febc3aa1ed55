import CairnCore
import CairnEngine
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

  /// Each intermediate node of each cell type sums 2, 3, 4 and 5 edges.
  public static var edgeNormalizationSizes: [Int] { DARTSNetwork.nodeRowSizes }

  /// DARTS's relaxation of the space: one decision per possible edge of each cell type (14 normal, then 14
  /// reduction), over the eight ops including `none`.
  public static func mixtureDecisions(for configuration: SupernetConfiguration) -> [Decision] {
    ["normal", "reduce"].flatMap { cell in
      (0..<DARTSCell.nodeCount).flatMap { node in
        (0..<(node + 2)).map { input in
          Decision(
            size: DARTSOp.allCases.count, kind: .operation,
            name: "\(cell) edge \(input)->\(node + 2)", options: DARTSOp.allCases.map(\.rawValue))
        }
      }
    }
  }

  /// Each cell as DARTS parses it: per node, the two edges whose strongest op but `none` weighs most.
  public static func derive(_ probabilities: [[Double]], configuration: SupernetConfiguration)
    -> DARTSGenotype?
  {
    let edges = DARTSCellLayout.edgeCount
    guard probabilities.count == 2 * edges,
      let normal = DARTSCell.derived(fromEdgeWeights: Array(probabilities[..<edges])),
      let reduce = DARTSCell.derived(fromEdgeWeights: Array(probabilities[edges...]))
    else { return nil }
    return DARTSGenotype(normal: normal, reduce: reduce)
  }

  /// DARTS's own second-order cell (`DARTS_V2` of the DARTS code): a well-known cell, fixed before any search
  /// this run makes.
  public static var defaultAuxiliary: String? {
    "Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), "
      + "('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], "
      + "normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), "
      + "('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), "
      + "('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])"
  }

  /// A stand-alone DARTS network of `architecture` at the super-net's C and depth, without auxiliary head.
  public static func makeAuxiliary(
    _ architecture: DARTSGenotype, configuration: SupernetConfiguration, classes: Int,
    inputChannels: Int, random: inout RandomStream
  ) -> AuxiliaryModel? {
    let s = configuration.supernet
    let network = DARTSNetwork(
      architecture: architecture,
      shape: DARTSNetworkShape(
        channels: s.channels, cells: s.darts.cells, classes: classes, inputChannels: inputChannels),
      random: &random)
    return AuxiliaryModel(network: network) { network.outputs($0, architecture: architecture) }
  }
}

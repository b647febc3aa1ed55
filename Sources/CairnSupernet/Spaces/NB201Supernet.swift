import CairnCore
import CairnEngine
import CairnNetworks
import CairnSpaces

/// NAS-Bench-201 for the super-net machinery: `NB201Network` super-nets with per-edge or per-node sharing.
public enum NB201Supernet: SupernetSpace {
  public static let name = SpaceName.nb201
  public static let architectureCount: Int? = NB201Architecture.cellCount

  public static func space(for configuration: SupernetConfiguration) -> NB201Space { NB201Space() }

  /// Nothing beyond the generic checks (`SupernetConfiguration.validate()` refuses other spaces' sections).
  /// Partial channels must divide C.
  public static func validate(_ configuration: SupernetConfiguration) throws(CairnError) {
    let s = configuration.supernet
    guard s.channels % s.partialChannels == 0 else {
      throw .invalidInput(
        "supernet.partial_channels \(s.partialChannels) must divide supernet.channels \(s.channels)"
      )
    }
  }

  public static func makeSupernet(
    _ configuration: SupernetConfiguration, classes: Int, inputChannels: Int,
    random: inout RandomStream
  ) throws(CairnError) -> NB201Network {
    let s = configuration.supernet
    return NB201Network.supernet(
      shape: NB201NetworkShape(
        channels: s.channels, cellsPerStage: s.cellsPerStage, classes: classes,
        inputChannels: inputChannels),
      batchNorm: BatchNormOptions(
        affine: s.batchNormAffine, tracksRunningStatistics: s.batchNormTracksRunningStatistics),
      sharing: s.sharing == .perNode ? .perNode : .perEdge, partialChannels: s.partialChannels,
      random: &random)
  }

  /// Nodes 1, 2 and 3 sum 1, 2 and 3 edges.
  public static var edgeNormalizationSizes: [Int] { [1, 2, 3] }

  /// NAS-Bench-201's ResNet cell (two 3×3 convolutions and a skip; 93.91 % on CIFAR-10 in the table): a fixed,
  /// hand-designed cell whose quality does not depend on the search.
  public static var defaultAuxiliary: String? {
    "|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|skip_connect~2|"
  }

  /// A stand-alone NB201 network of `architecture` at the super-net's C and N, with stand-alone batch norm.
  public static func makeAuxiliary(
    _ architecture: NB201Architecture, configuration: SupernetConfiguration, classes: Int,
    inputChannels: Int, random: inout RandomStream
  ) -> AuxiliaryModel? {
    let s = configuration.supernet
    let network = NB201Network(
      architecture: architecture,
      shape: NB201NetworkShape(
        channels: s.channels, cellsPerStage: s.cellsPerStage, classes: classes,
        inputChannels: inputChannels),
      random: &random)
    return AuxiliaryModel(network: network) { network.outputs($0, architecture: architecture) }
  }

  public static func weightedForward(_ network: NB201Network) -> (
    (Tensor, NB201Architecture, DecisionWeights) -> Tensor
  )? {
    { network($0, architecture: $1, weights: $2) }
  }
}

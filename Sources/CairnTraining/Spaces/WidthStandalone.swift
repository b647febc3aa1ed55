import CairnCore
import CairnNetworks
import CairnSpaces

/// ResNet-20 width architectures trained stand-alone: the plain ResNet-20 (`WidthDesign.none`) at the
/// architecture's widths. `channels` and `cells` do not apply (the architecture fixes every width and the depth).
public enum WidthStandalone: StandaloneSpace {
  public static let name = SpaceName.resnet20Width
  public static let space = WidthSpace()

  public static func makeNetwork(
    _ architecture: WidthArchitecture, configuration: StandaloneConfiguration, classes: Int,
    inputChannels: Int, random: inout RandomStream
  ) throws(CairnError) -> WidthNetwork {
    let shape = WidthNetworkShape.standalone(
      architecture, classes: classes, inputChannels: inputChannels)
    try shape.validate()
    return WidthNetwork(shape: shape, random: &random)
  }

  /// Refuses the width and depth options of other spaces.
  public static func validate(_ configuration: StandaloneConfiguration) throws(CairnError) {
    let defaults = StandaloneConfiguration(architecture: configuration.architecture)
    if configuration.channels != defaults.channels
      || configuration.cellsPerStage != defaults.cellsPerStage || configuration.cells != nil
      || configuration.auxiliaryWeight != nil
      || configuration.dropPath != nil
    {
      throw .invalidInput(
        "--channels, --cells, --aux-weight and --drop-path do not apply to resnet20-width (the architecture fixes every width and the depth)"
      )
    }
  }
}

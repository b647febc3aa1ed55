import CairnCore
import CairnNetworks
import CairnSpaces

/// NAS-Bench-201 cells trained stand-alone in NB201's skeleton (C channels, N cells per stage).
public enum NB201Standalone: StandaloneSpace {
  public static let name = SpaceName.nb201
  public static let space = NB201Space()

  public static func makeNetwork(
    _ architecture: NB201Architecture, configuration: StandaloneConfiguration, classes: Int,
    inputChannels: Int, random: inout RandomStream
  ) throws(CairnError) -> NB201Network {
    NB201Network(
      architecture: architecture,
      shape: NB201NetworkShape(
        channels: configuration.channels, cellsPerStage: configuration.cellsPerStage,
        classes: classes, inputChannels: inputChannels),
      random: &random)
  }
}

import CairnCore
import CairnNetworks
import CairnSpaces

/// NAS-Bench-101 cells trained stand-alone in NB101's original skeleton (a stem of `channels`, 3 stacks of
/// `cells_per_stage` modules, the width doubling at stacks 2 and 3).
public enum NB101Standalone: StandaloneSpace {
  public static let name = SpaceName.nb101
  public static let space = NB101Space()

  public static func makeNetwork(
    _ architecture: NB101Architecture, configuration: StandaloneConfiguration, classes: Int,
    inputChannels: Int, random: inout RandomStream
  ) throws(CairnError) -> NB101Network {
    try NB101Network(
      architecture: architecture,
      shape: NB101NetworkShape(
        stemChannels: configuration.channels, modulesPerStack: configuration.cellsPerStage,
        progression: .original, classes: classes, inputChannels: inputChannels),
      random: &random)
  }
}

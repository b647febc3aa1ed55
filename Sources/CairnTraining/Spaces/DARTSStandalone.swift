import CairnCore
import CairnNetworks
import CairnSpaces

/// DARTS genotypes trained stand-alone in the DARTS code's `NetworkCIFAR`: C = `channels`, `cells` cells in all
/// (20 unless set), DARTS's auxiliary head when `auxiliaryWeight` > 0, drop-path when `dropPath` > 0.
public enum DARTSStandalone: StandaloneSpace {
  public static let name = SpaceName.darts
  public static let space = DARTSSpace()
  /// The cells of DARTS's evaluation network, when `cells` is not set.
  public static let defaultCells = 20

  public static func makeNetwork(
    _ architecture: DARTSGenotype, configuration: StandaloneConfiguration, classes: Int,
    inputChannels: Int, random: inout RandomStream
  ) throws(CairnError) -> DARTSNetwork {
    let shape = shape(configuration, classes: classes, inputChannels: inputChannels)
    try shape.validate(imageSide: configuration.imageSide)
    return DARTSNetwork(architecture: architecture, shape: shape, random: &random)
  }

  /// Checks `cells`, `auxiliaryWeight` and `dropPath`, and that the auxiliary head fits the images.
  public static func validate(_ configuration: StandaloneConfiguration) throws(CairnError) {
    if let cells = configuration.cells, cells < 1 {
      throw .invalidInput("--cells must be positive, got \(cells)")
    }
    if let weight = configuration.auxiliaryWeight, !(weight >= 0 && weight.isFinite) {
      throw .invalidInput("--aux-weight must be 0 or more, got \(weight)")
    }
    if let p = configuration.dropPath, !(p >= 0 && p < 1) {
      throw .invalidInput("--drop-path must be at least 0 and below 1, got \(p)")
    }
    let shape = shape(configuration, classes: 10, inputChannels: 3)
    do {
      try shape.validate(imageSide: configuration.imageSide)
    } catch {
      throw .invalidInput(
        error.description + "; use 32×32 images (--pad32 for Fashion-MNIST) or --aux-weight 0")
    }
  }

  static func shape(_ configuration: StandaloneConfiguration, classes: Int, inputChannels: Int)
    -> DARTSNetworkShape
  {
    DARTSNetworkShape(
      channels: configuration.channels, cells: configuration.cells ?? defaultCells,
      classes: classes, inputChannels: inputChannels,
      auxiliaryHead: (configuration.auxiliaryWeight ?? 0) > 0)
  }
}

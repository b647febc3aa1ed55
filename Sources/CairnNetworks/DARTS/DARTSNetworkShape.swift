import CairnCore

/// The shape of a DARTS network (the DARTS code's `NetworkCIFAR`): a stem of 3C channels, `cells` cells with
/// reduction cells (stride 2, channels doubled) at cells/3 and 2·cells/3, and an optional auxiliary head after
/// cell 2·cells/3.
public struct DARTSNetworkShape: Codable, Hashable, Sendable {
  /// C, the channels of every node of the first cells (then 2C and 4C). DARTS evaluates at 36.
  public var channels: Int
  /// The number of cells ("layers"). DARTS evaluates with 20, searches with 8.
  public var cells: Int
  /// The number of classes of the classifiers.
  public var classes: Int
  /// The channels of the input images (3 for CIFAR, 1 for Fashion-MNIST).
  public var inputChannels: Int
  /// Whether the network has DARTS's auxiliary classifier head.
  public var auxiliaryHead: Bool

  public init(
    channels: Int = 36, cells: Int = 20, classes: Int = 10, inputChannels: Int = 3,
    auxiliaryHead: Bool = false
  ) {
    self.channels = channels
    self.cells = cells
    self.classes = classes
    self.inputChannels = inputChannels
    self.auxiliaryHead = auxiliaryHead
  }

  /// The stem's width is this multiple of C (`stem_multiplier`).
  public static let stemMultiplier = 3

  /// Whether cell `index` (0-based) is a reduction cell.
  public func isReduction(_ index: Int) -> Bool {
    index == cells / 3 || index == 2 * cells / 3
  }

  /// The cell whose output feeds the auxiliary head.
  public var auxiliaryCell: Int { 2 * cells / 3 }

  /// Throws `CairnError.invalidInput` naming the problem when the widths or depth are not positive, or when the
  /// auxiliary head would not see 8×8 to 10×10 features for `imageSide`×`imageSide` images (DARTS's head is made
  /// for 32×32 CIFAR images).
  public func validate(imageSide: Int) throws(CairnError) {
    guard channels > 0 else {
      throw .invalidInput("DARTS channels must be positive, got \(channels)")
    }
    guard cells > 0 else { throw .invalidInput("DARTS cells must be positive, got \(cells)") }
    guard auxiliaryHead else { return }
    var side = imageSide
    for index in 0...auxiliaryCell where isReduction(index) { side = (side + 1) / 2 }
    guard AuxiliaryHead.inputSides.contains(side) else {
      throw .invalidInput(
        "the DARTS auxiliary head needs 8×8 features after cell \(auxiliaryCell), but \(imageSide)×\(imageSide) images give \(side)×\(side)"
      )
    }
  }
}

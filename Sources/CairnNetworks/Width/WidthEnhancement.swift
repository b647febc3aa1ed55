/// The candidates enhancement of the CVPR 2021 Lightweight NAS Challenge's winning super-net (Yang et al.,
/// arXiv 2108.05866): each part on or off. A sub-network chosen as width w runs with these changes, so the
/// super-net's candidates have more capacity than the stand-alone networks they stand for.
public struct WidthEnhancement: Hashable, Codable, Sendable {
  /// Widths 4 and 8 run as 5 and 9 channels (the narrowest candidates widened by one channel).
  public var widensNarrowest: Bool
  /// A PReLU (one learnable slope per block, initialised to 0.25) after each residual addition instead of ReLU.
  public var preluAfterAddition: Bool
  /// A 1×1 convolution + batch norm shortcut in every block (without it, only the first block of each stage
  /// has one).
  public var projectionShortcuts: Bool

  public init(
    widensNarrowest: Bool = false, preluAfterAddition: Bool = false,
    projectionShortcuts: Bool = false
  ) {
    self.widensNarrowest = widensNarrowest
    self.preluAfterAddition = preluAfterAddition
    self.projectionShortcuts = projectionShortcuts
  }

  /// Reads the three switches; a missing one is off.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    widensNarrowest = try container.decodeIfPresent(Bool.self, forKey: .widensNarrowest) ?? false
    preluAfterAddition =
      try container.decodeIfPresent(Bool.self, forKey: .preluAfterAddition) ?? false
    projectionShortcuts =
      try container.decodeIfPresent(Bool.self, forKey: .projectionShortcuts) ?? false
  }

  /// No enhancement: the plain ResNet-20 (stand-alone networks and the plain super-net).
  public static let none = WidthEnhancement()

  /// All three parts, as the winning solution trains its super-net.
  public static let all = WidthEnhancement(
    widensNarrowest: true, preluAfterAddition: true, projectionShortcuts: true)

  /// The channels a layer chosen at `width` runs with.
  public func runningWidth(_ width: Int) -> Int {
    guard widensNarrowest else { return width }
    switch width {
    case 4: return 5
    case 8: return 9
    default: return width
    }
  }
}

/// How a ResNet-20 width network builds its candidates: the candidates enhancement of the CVPR 2021 Lightweight
/// NAS Challenge's winning super-net (Yang et al., arXiv 2108.05866; three switches) and its narrow branches.
/// A sub-network chosen as width w runs with these changes, so the super-net's candidates have more capacity
/// and share fewer weights than plain prefix slicing gives.
public struct WidthDesign: Hashable, Codable, Sendable {
  /// Widths 4 and 8 run as 5 and 9 channels (the narrowest candidates widened by one channel).
  public var widensNarrowest: Bool
  /// A PReLU (one learnable slope per block, initialised to 0.25) after each residual addition instead of ReLU.
  public var preluAfterAddition: Bool
  /// A 1×1 convolution + batch norm shortcut in every block (without it, only the first block of each stage
  /// has one).
  public var projectionShortcuts: Bool
  /// Independent branches per convolution, shortcut and classifier (see `WidthBranching`).
  public var branches: WidthBranching

  public init(
    widensNarrowest: Bool = false, preluAfterAddition: Bool = false,
    projectionShortcuts: Bool = false, branches: WidthBranching = .none
  ) {
    self.widensNarrowest = widensNarrowest
    self.preluAfterAddition = preluAfterAddition
    self.projectionShortcuts = projectionShortcuts
    self.branches = branches
  }

  /// Reads the switches; a missing one is off (`branches`: none).
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    widensNarrowest = try container.decodeIfPresent(Bool.self, forKey: .widensNarrowest) ?? false
    preluAfterAddition =
      try container.decodeIfPresent(Bool.self, forKey: .preluAfterAddition) ?? false
    projectionShortcuts =
      try container.decodeIfPresent(Bool.self, forKey: .projectionShortcuts) ?? false
    branches = try container.decodeIfPresent(WidthBranching.self, forKey: .branches) ?? .none
  }

  /// No enhancement and no branches: the plain ResNet-20 (stand-alone networks and the plain super-net).
  public static let none = WidthDesign()

  /// The three enhancement switches on, without branches, as the winning solution's super-net starts.
  public static let enhanced = WidthDesign(
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

/// The independent branches each layer of a width super-net holds (the winning solution's stages 3 and 4). A
/// layer run at c channels (after widening) uses the narrowest of its branches at least c wide, prefix-sliced to
/// c; for `quarters` that is branch ⌊(c − 1) / (C/4)⌋, the solution's rule.
public enum WidthBranching: String, Codable, Hashable, Sendable, CaseIterable {
  /// One branch of the layer's full width C: plain prefix sharing.
  case none
  /// Branches of widths C/4, C/2, 3C/4 and C.
  case quarters
  /// One branch per candidate step: 4, 8, …, C (with widening, a width of 5 or 9 runs in the 8 or 12 branch).
  case steps

  /// The branch widths of a layer of at most `width` channels, narrowest first.
  public func widths(upTo width: Int) -> [Int] {
    switch self {
    case .none: return [width]
    case .quarters:
      guard width % 4 == 0 else { return [width] }
      return (1...4).map { $0 * width / 4 }
    case .steps:
      guard width % 4 == 0 else { return [width] }
      return Array(stride(from: 4, through: width, by: 4))
    }
  }
}

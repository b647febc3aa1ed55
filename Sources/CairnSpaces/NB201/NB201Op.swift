import CairnCore

/// An operation on an edge of a NAS-Bench-201 cell.
///
/// Raw values are the benchmark's op names; `id` is the op id 0...4 in declaration order
/// (none 0, skip_connect 1, nor_conv_1x1 2, nor_conv_3x3 3, avg_pool_3x3 4).
public enum NB201Op: String, CaseIterable, Codable, Sendable, Comparable, CustomStringConvertible {
  /// The zero op: the edge carries nothing.
  case none
  /// The identity.
  case skipConnect = "skip_connect"
  /// ReLU, 1x1 convolution, batch norm.
  case conv1x1 = "nor_conv_1x1"
  /// ReLU, 3x3 convolution, batch norm.
  case conv3x3 = "nor_conv_3x3"
  /// 3x3 average pooling, stride 1.
  case avgPool3x3 = "avg_pool_3x3"

  /// The number of ops.
  public static let count = 5

  /// All ops in id order.
  public static let byID: [NB201Op] = allCases

  /// The op id, 0...4.
  public var id: Int {
    switch self {
    case .none: 0
    case .skipConnect: 1
    case .conv1x1: 2
    case .conv3x3: 3
    case .avgPool3x3: 4
    }
  }

  /// The op with the given id, or nil when `id` is outside 0...4.
  public init?(id: Int) {
    guard (0..<NB201Op.count).contains(id) else { return nil }
    self = NB201Op.byID[id]
  }

  /// The op with the given benchmark name; throws naming the name and the accepted ones.
  public init(name: String) throws(CairnError) {
    guard let op = NB201Op(rawValue: name) else {
      throw CairnError.invalidInput(
        "unknown NB201 op '\(name)'; expected one of \(NB201Op.nameList)")
    }
    self = op
  }

  /// Whether the op carries data (every op but `none`).
  public var isActive: Bool { self != .none }

  /// The benchmark's name for the op.
  public var name: String { rawValue }

  public var description: String { rawValue }

  public static func < (lhs: NB201Op, rhs: NB201Op) -> Bool { lhs.id < rhs.id }

  /// "none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3", for error messages.
  static let nameList = allCases.map(\.rawValue).joined(separator: ", ")
}

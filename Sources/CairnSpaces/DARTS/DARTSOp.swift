/// An operation on an edge of a DARTS cell. Raw values are the DARTS code's names, in its `PRIMITIVES` order.
public enum DARTSOp: String, CaseIterable, Codable, Hashable, Sendable, CustomStringConvertible {
  case none
  case maxPool3x3 = "max_pool_3x3"
  case avgPool3x3 = "avg_pool_3x3"
  case skipConnect = "skip_connect"
  case sepConv3x3 = "sep_conv_3x3"
  case sepConv5x5 = "sep_conv_5x5"
  case dilConv3x3 = "dil_conv_3x3"
  case dilConv5x5 = "dil_conv_5x5"

  /// The op's position in `PRIMITIVES`, its id in choice encodings.
  public var id: Int { Self.allCases.firstIndex(of: self) ?? 0 }

  public var description: String { rawValue }

  /// "none, max_pool_3x3, …", for error messages.
  static let nameList = allCases.map(\.rawValue).joined(separator: ", ")
}

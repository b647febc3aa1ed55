/// The search spaces Cairn knows, by their short names in configuration files and `space:metric` strings.
public enum SpaceName: String, Codable, CaseIterable, Hashable, Sendable, CustomStringConvertible {
  /// NAS-Bench-201: 15,625 cells of six edges over five ops.
  case nb201
  /// NAS-Bench-101: cells of at most 7 vertices and 9 edges over three ops.
  case nb101

  public var description: String { rawValue }

  /// "nb201, nb101", for error messages.
  public static var nameList: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

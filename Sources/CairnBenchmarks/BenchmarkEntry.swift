/// One architecture of a `BenchmarkTable`, identified every way the table knows it.
public struct BenchmarkEntry: Hashable, Sendable, CustomStringConvertible {
  /// The position of the entry in the table, 0..<count.
  public let row: Int
  /// The architecture in its space's text form: the NB201 string `|op~0|+|op~0|op~1|+|…|`, the NB101
  /// `adjacency-bits:op|op|…` form, or the string a results store recorded.
  public let architecture: String
  /// The official NAS-Bench-201 index, for NB201 tables.
  public let index: Int?
  /// The NAS-Bench-101 module hash, for NB101 tables.
  public let hash: String?

  public var description: String {
    if let index { return "#\(index) \(architecture)" }
    if let hash { return "\(hash) \(architecture)" }
    return architecture
  }
}

/// An entry with one metric's value, as `BenchmarkTable.top(k:metric:)` returns them.
public struct RankedEntry: Hashable, Sendable, CustomStringConvertible {
  /// The architecture.
  public let entry: BenchmarkEntry
  /// Its value of the ranking metric.
  public let value: Double

  public var description: String { "\(entry): \(value)" }
}

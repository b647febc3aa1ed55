import CairnSpaces

/// How the rows of a `BenchmarkTable` are identified, per space.
enum BenchmarkKeys: Sendable {
  /// NAS-Bench-201: the official index of each row (rows sorted by index) and the row of each index (-1 if absent).
  case nb201(indices: [Int], rowByIndex: [Int32])
  /// NAS-Bench-101: the module hash and the cell of each row, and the row of each hash.
  case nb101(hashes: [NB101Hash], cells: [PackedNB101Cell], rowByHash: [NB101Hash: Int])
  /// Any other space: the recorded architecture string of each row, and the row of each string.
  case text(architectures: [String], rowByArchitecture: [String: Int])
}

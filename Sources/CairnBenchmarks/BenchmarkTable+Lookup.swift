import CairnCore

extension BenchmarkTable {
  /// The row of an architecture as a user writes it: an NB201 official index, an NB101 module hash (32 hex digits),
  /// or the space's native string.
  public func row(forArgument text: String) throws(CairnError) -> Int {
    if space == "nb201", let index = Int(text) { return try row(forIndex: index) }
    if space == "nb101", text.count == 32, text.allSatisfy(\.isHexDigit) {
      return try row(forHash: text)
    }
    return try row(forArchitecture: text)
  }
}

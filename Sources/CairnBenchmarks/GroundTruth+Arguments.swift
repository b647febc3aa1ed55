import CairnCore

extension GroundTruth {
  /// An architecture named on a command line or in a scores file, found in a ground truth.
  public struct Match: Hashable, Sendable {
    /// Equal for two arguments exactly when they name the same architecture of the truth (a table row, or a
    /// results key: the NB201 string, the NB101 module hash).
    public let identity: String
    /// The truth's value of the architecture.
    public let value: Double
  }

  /// The architecture `text` names and its value: for a table truth, the native string, an NB201 index or an NB101
  /// hash (`BenchmarkTable.row(forArgument:)`); for any other truth, the native string.
  ///
  /// Throws `CairnError.invalidInput` when the text names no architecture the truth has a value for.
  public func match(argument text: String) throws(CairnError) -> Match {
    switch backing {
    case .table(let table, let column):
      let row = try table.row(forArgument: text)
      return Match(identity: "row \(row)", value: column[row])
    case .values(let values, _):
      let key = try Self.key(storedText: text, space: space)
      guard let value = values[key] else {
        throw .invalidInput("architecture '\(text)' has no value in \(self)")
      }
      return Match(identity: key, value: value)
    }
  }
}

import CairnCore
import CairnSpaces

/// The ground truth of one search space: one number per architecture, from a benchmark table's metric column or
/// from Cairn's results store of stand-alone runs.
///
/// The one reader of the `space:metric` form users write (`nb201:cifar10_test_acc_200ep`, `nb101:val_acc_108`)
/// is `init(parsing:)`; `init(store:space:dataset:protocolHash:)` reads the results store (see
/// `GroundTruth+Store.swift`). Architectures are looked up in their space's native text (the NB201 string, the
/// NB101 `adjacency-bits:op|op|…` form) or as typed values. NB201 cells are matched exactly; NB101 cells by module
/// hash, so any isomorphic or unpruned form of a known cell finds its value.
///
/// Lookups are hash-map or array reads built once (the shipped tables are loaded once per process): O(1) for
/// NB201, one module hash (a few dozen MD5s) for NB101. An architecture the source does not know throws
/// `CairnError.invalidInput` naming the architecture and the source.
public struct GroundTruth: Sendable, CustomStringConvertible {
  /// The space whose architectures this truth knows.
  public let space: SpaceName
  /// The metric: a column of the table, or `<dataset>_standalone_acc` (mean test accuracy over seeds, percent)
  /// for a results store.
  public let metric: String
  /// Names the source in messages and run files: `table nb201:cifar10_test_acc_200ep`, or
  /// `results store runs/results.sqlite (nb201, cifar10, protocol abc)`.
  public let description: String
  let backing: Backing

  /// Where the values live.
  enum Backing: Sendable {
    /// A benchmark table and its metric column, in row order.
    case table(BenchmarkTable, column: [Double])
    /// Values by canonical key (the NB201 string, the NB101 module hash) and the known texts, sorted.
    case values([String: Double], architectures: [String])
  }

  init(space: SpaceName, metric: String, description: String, backing: Backing) {
    self.space = space
    self.metric = metric
    self.description = description
    self.backing = backing
  }

  /// The metric column `metric` of `table`, whose space must be `nb201` or `nb101`.
  ///
  /// Throws `CairnError.invalidInput` for an unknown metric (suggesting the nearest) or a table of another space.
  public init(table: BenchmarkTable, metric: String) throws(CairnError) {
    try self.init(table: table, metric: metric, description: "table \(table.space):\(metric)")
  }

  init(table: BenchmarkTable, metric: String, description: String) throws(CairnError) {
    guard let space = SpaceName(rawValue: table.space) else {
      throw .invalidInput(
        "the \(table.space) table (\(table.source)) is of no space with ground truth; expected one of \(SpaceName.nameList)"
      )
    }
    self.init(
      space: space, metric: metric, description: description,
      backing: .table(table, column: try table.values(metric: metric)))
  }

  // MARK: What it knows

  /// The benchmark table behind a table truth (for queries by index or hash); nil for a results store.
  public var table: BenchmarkTable? {
    if case .table(let table, _) = backing { return table }
    return nil
  }

  /// The number of architectures with a value. O(1).
  public var count: Int {
    switch backing {
    case .table(let table, _): table.count
    case .values(let values, _): values.count
    }
  }

  /// The native text of every architecture with a value: an NB201 table's cells in official index order, an NB101
  /// table's in table order, a results store's sorted (one text per NB101 module hash). Built on each call, O(count).
  public var knownArchitectures: [String] {
    switch backing {
    case .table(let table, _): (0..<table.count).map { table.uncheckedEntry(at: $0).architecture }
    case .values(_, let architectures): architectures
    }
  }

  /// The identity of every known architecture, in the order of `knownArchitectures`: an NB201 cell's text, an NB101
  /// cell's module hash (what `SearchSpace.identity(of:)` gives), read from the table without hashing. Nil for a
  /// results store.
  public var knownIdentities: [String]? {
    guard case .table(let table, _) = backing else { return nil }
    switch table.keys {
    case .nb101(let hashes, _, _): return hashes.map(\.text)
    default: return knownArchitectures
    }
  }

  /// The value of every known architecture, in the order of `knownArchitectures`, without a lookup per
  /// architecture. Nil for a results store.
  public var knownValues: [Double]? {
    guard case .table(_, let column) = backing else { return nil }
    return column
  }

  /// Whether the architecture written as `text` in the space's native form has a value; false for text that does
  /// not parse.
  public func contains(architecture text: String) -> Bool {
    switch space {
    case .nb201: (try? NB201Architecture(parsing: text)).map(contains) ?? false
    case .nb101: (try? NB101Architecture(parsing: text)).map(contains) ?? false
    case .darts: (try? DARTSGenotype(parsing: text)).map(contains) ?? false
    case .resnet20Width: (try? WidthArchitecture(parsing: text)).map(contains) ?? false
    }
  }

  /// Whether `architecture` has a value (false when this truth is of another space).
  public func contains(_ architecture: NB201Architecture) -> Bool { lookup(architecture) != nil }

  /// Whether `architecture`, or any cell with its module hash, has a value (false for another space).
  public func contains(_ architecture: NB101Architecture) -> Bool { lookup(architecture) != nil }

  // MARK: Values

  /// The value of the architecture written as `text` in the space's native form.
  ///
  /// Throws `CairnError.invalidInput` when the text does not parse, or naming the architecture and the source
  /// when the source has no value for it.
  public func value(forArchitecture text: String) throws(CairnError) -> Double {
    switch space {
    case .nb201: try value(for: NB201Architecture(parsing: text))
    case .nb101: try value(for: NB101Architecture(parsing: text))
    case .darts: try value(for: DARTSGenotype(parsing: text))
    case .resnet20Width: try value(for: WidthArchitecture(parsing: text))
    }
  }

  /// The value of an NB201 cell; throws naming the cell and the source when it has none.
  public func value(for architecture: NB201Architecture) throws(CairnError) -> Double {
    try checkSpace(.nb201, architecture.archString)
    guard let value = lookup(architecture) else {
      throw .invalidInput("NB201 architecture '\(architecture.archString)' has no value in \(self)")
    }
    return value
  }

  /// The value of an NB101 cell, found by module hash; throws naming the cell and the source when it has none.
  public func value(for architecture: NB101Architecture) throws(CairnError) -> Double {
    try checkSpace(.nb101, architecture.description)
    guard let value = lookup(architecture) else {
      let why = architecture.hasPath ? "" : " (its input does not reach its output)"
      throw .invalidInput("NB101 architecture '\(architecture)' has no value in \(self)\(why)")
    }
    return value
  }

  func checkSpace(_ expected: SpaceName, _ text: String) throws(CairnError) {
    guard space == expected else {
      throw .invalidInput(
        "\(expected) architecture '\(text)' cannot be looked up in \(self), which is ground truth of \(space)"
      )
    }
  }

  private func lookup(_ architecture: NB201Architecture) -> Double? {
    guard space == .nb201 else { return nil }
    switch backing {
    case .table(let table, let column):
      return (try? table.row(for: architecture)).map { column[$0] }
    case .values(let values, _):
      return values[Self.key(architecture)]
    }
  }

  private func lookup(_ architecture: NB101Architecture) -> Double? {
    guard space == .nb101 else { return nil }
    switch backing {
    case .table(let table, let column):
      return (try? table.row(for: architecture)).map { column[$0] }
    case .values(let values, _):
      return Self.key(architecture).flatMap { values[$0] }
    }
  }

  /// The key of an NB201 cell in a store-backed truth: its canonical string.
  static func key(_ architecture: NB201Architecture) -> String { architecture.archString }

  /// The key of an NB101 cell in a store-backed truth: its module hash (nil without an input-to-output path).
  static func key(_ architecture: NB101Architecture) -> String? { architecture.moduleHash }
}

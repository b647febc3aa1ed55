import CairnCore
import CairnSpaces

/// Ground truth for one search space: each architecture's values of named metric columns, exactly as a
/// benchmark published them.
///
/// Every query names its metric; there is no default metric, and an unknown name throws
/// `CairnError.invalidInput` naming it, suggesting the nearest valid name and listing all of them. Columns are
/// stored as `[Double]`, so the whole NAS-Bench-201 table takes about 2 MB.
///
/// Rows of an NB201 table are in official index order (row i is index i in the full table); rows of an NB101
/// table are in file order (the shipped subset is sorted by hash).
public struct BenchmarkTable: Sendable {
  /// The space's short name: `nb201`, `nb101`, or the space a results store recorded.
  public let space: String
  /// Where the values came from (a file path, or a description of a results-store query).
  public let source: String
  /// The metric columns, in table order.
  public let metrics: [BenchmarkMetric]
  let columns: [[Double]]
  let keys: BenchmarkKeys
  private let columnByName: [String: Int]

  init(
    space: String, source: String, metrics: [BenchmarkMetric], columns: [[Double]],
    keys: BenchmarkKeys
  ) {
    self.space = space
    self.source = source
    self.metrics = metrics
    self.columns = columns
    self.keys = keys
    var byName: [String: Int] = [:]
    for (column, metric) in metrics.enumerated() { byName[metric.name] = column }
    columnByName = byName
  }

  /// The number of architectures (rows).
  public var count: Int {
    switch keys {
    case .nb201(let indices, _): indices.count
    case .nb101(let hashes, _, _): hashes.count
    case .text(let architectures, _): architectures.count
    }
  }

  /// The metric names, in table order.
  public var metricNames: [String] { metrics.map(\.name) }

  /// The description of the metric called `name`; throws `CairnError.invalidInput` for an unknown name.
  public func metric(named name: String) throws(CairnError) -> BenchmarkMetric {
    metrics[try column(of: name)]
  }

  func column(of name: String) throws(CairnError) -> Int {
    if let column = columnByName[name] { return column }
    throw .invalidInput(
      NameSuggestion.unknownNameMessage(
        what: "metric", name: name, context: " for the \(space) table", valid: metricNames))
  }

  // MARK: Rows

  /// The row of the architecture with official NAS-Bench-201 index `index`.
  public func row(forIndex index: Int) throws(CairnError) -> Int {
    guard case .nb201(_, let rowByIndex) = keys else {
      throw .invalidInput(
        "the \(space) table has no official indices; query it by \(keyKinds)")
    }
    guard (0..<NB201Architecture.cellCount).contains(index) else {
      throw .invalidInput(
        "NB201 index \(index) is out of range 0...\(NB201Architecture.cellCount - 1)")
    }
    let row = Int(rowByIndex[index])
    guard row >= 0 else {
      throw .invalidInput("NB201 index \(index) is not in the table (\(source))")
    }
    return row
  }

  /// The row of an architecture given in its space's text form: the NB201 string, the NB101
  /// `adjacency-bits:op|op|…` form (matched by module hash, so any isomorphic graph finds its row), or for other
  /// tables the exact recorded string.
  public func row(forArchitecture text: String) throws(CairnError) -> Int {
    switch keys {
    case .nb201:
      return try row(for: NB201Architecture(parsing: text))
    case .nb101:
      return try row(for: NB101Architecture(parsing: text))
    case .text(_, let rowByArchitecture):
      guard let row = rowByArchitecture[text] else {
        throw .invalidInput("architecture '\(text)' is not in the \(space) table (\(source))")
      }
      return row
    }
  }

  /// The row of an NB201 cell.
  public func row(for architecture: NB201Architecture) throws(CairnError) -> Int {
    guard case .nb201 = keys else {
      throw .invalidInput("the \(space) table holds no NB201 architectures")
    }
    return try row(forIndex: NB201Space().index(of: architecture))
  }

  /// The row of an NB101 cell: found by module hash in an NB101 benchmark table, by its `adjacency-bits:ops`
  /// text in an `nb101` results table.
  public func row(for architecture: NB101Architecture) throws(CairnError) -> Int {
    switch keys {
    case .nb101:
      guard let hash = architecture.moduleHash else {
        throw .invalidInput(
          "NB101 architecture '\(architecture)' has no input-to-output path, so no module hash")
      }
      return try row(forHash: hash)
    case .text where space == "nb101":
      return try row(forArchitecture: architecture.description)
    default:
      throw .invalidInput("the \(space) table holds no NB101 architectures")
    }
  }

  /// The row of the NB101 cell with module hash `hash` (32 lowercase hex digits).
  public func row(forHash hash: String) throws(CairnError) -> Int {
    guard case .nb101(_, _, let rowByHash) = keys else {
      throw .invalidInput("the \(space) table has no module hashes; query it by \(keyKinds)")
    }
    let key = Array(hash.utf8).withUnsafeBufferPointer { NB101RowReader.hash($0) }
    guard let key, let row = rowByHash[key] else {
      throw .invalidInput("NB101 hash '\(hash)' is not in the table (\(source))")
    }
    return row
  }

  private var keyKinds: String {
    switch keys {
    case .nb201: "index or architecture string"
    case .nb101: "hash or architecture"
    case .text: "architecture string"
    }
  }

  /// The entry at `row`, with every identifier the table has for it.
  public func entry(at row: Int) throws(CairnError) -> BenchmarkEntry {
    guard (0..<count).contains(row) else {
      throw .invalidInput("row \(row) is out of range 0..<\(count) of the \(space) table")
    }
    return uncheckedEntry(at: row)
  }

  func uncheckedEntry(at row: Int) -> BenchmarkEntry {
    switch keys {
    case .nb201(let indices, _):
      let index = indices[row]
      // The loader checked every index against the official order.
      let text = (try? NB201Space().architecture(at: index).archString) ?? ""
      return BenchmarkEntry(row: row, architecture: text, index: index, hash: nil)
    case .nb101(let hashes, let cells, _):
      return BenchmarkEntry(
        row: row, architecture: cells[row].text, index: nil, hash: hashes[row].text)
    case .text(let architectures, _):
      return BenchmarkEntry(row: row, architecture: architectures[row], index: nil, hash: nil)
    }
  }

  // MARK: Values

  /// The value of `metric` at `row`.
  public func value(metric: String, row: Int) throws(CairnError) -> Double {
    let column = try column(of: metric)
    guard (0..<count).contains(row) else {
      throw .invalidInput("row \(row) is out of range 0..<\(count) of the \(space) table")
    }
    return columns[column][row]
  }

  /// The value of `metric` for an architecture in its space's text form (see `row(forArchitecture:)`).
  public func value(metric: String, for architecture: String) throws(CairnError) -> Double {
    let column = try column(of: metric)
    return columns[column][try row(forArchitecture: architecture)]
  }

  /// The value of `metric` for an NB201 cell.
  public func value(metric: String, for architecture: NB201Architecture) throws(CairnError)
    -> Double
  {
    let column = try column(of: metric)
    return columns[column][try row(for: architecture)]
  }

  /// The value of `metric` for an NB101 cell, found by its module hash.
  public func value(metric: String, for architecture: NB101Architecture) throws(CairnError)
    -> Double
  {
    let column = try column(of: metric)
    return columns[column][try row(for: architecture)]
  }

  /// The value of `metric` for official NAS-Bench-201 index `index`.
  public func value(metric: String, index: Int) throws(CairnError) -> Double {
    let column = try column(of: metric)
    return columns[column][try row(forIndex: index)]
  }

  /// The value of `metric` for the NB101 cell with module hash `hash`.
  public func value(metric: String, hash: String) throws(CairnError) -> Double {
    let column = try column(of: metric)
    return columns[column][try row(forHash: hash)]
  }

  /// Every value of `metric`, in row order (official index order for NB201 tables).
  public func values(metric: String) throws(CairnError) -> [Double] {
    columns[try column(of: metric)]
  }

  /// The `k` entries with the highest `metric`, best first; ties keep row order (official index order for NB201).
  /// `k` larger than the table returns every entry.
  public func top(k: Int, metric: String) throws(CairnError) -> [RankedEntry] {
    let values = columns[try column(of: metric)]
    guard k >= 0 else { throw .invalidInput("top k must be non-negative, got \(k)") }
    func precedes(_ a: Int, _ b: Int) -> Bool {
      values[a] != values[b] ? values[a] > values[b] : a < b
    }
    let rows: [Int]
    if k <= 64 {
      // One pass keeping the best k in order: linear in the table for the usual small k.
      var best: [Int] = []
      best.reserveCapacity(k + 1)
      for row in 0..<count where best.count < k || precedes(row, best[best.count - 1]) {
        var position = best.count
        while position > 0 && precedes(row, best[position - 1]) { position -= 1 }
        best.insert(row, at: position)
        if best.count > k { best.removeLast() }
      }
      rows = best
    } else {
      rows = Array((0..<count).sorted(by: precedes).prefix(k))
    }
    return rows.map { RankedEntry(entry: uncheckedEntry(at: $0), value: values[$0]) }
  }
}

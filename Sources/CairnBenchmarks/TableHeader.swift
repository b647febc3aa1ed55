import CairnCore

/// The header of a table file: which column holds what.
struct TableHeader {
  /// The column names in file order.
  let names: [String]
  /// The column of each name.
  let columnByName: [String: Int]
  /// For each metric column, its metric and its field position.
  let metricColumns: [(metric: BenchmarkMetric, field: Int)]

  /// Reads row 1 of `scanner`: `required` and `optional` structural columns plus metrics from `catalog`,
  /// each at most once, nothing else, and at least one metric.
  init(
    _ scanner: inout CSVScanner, file: TableFile, space: String, required: [String],
    optional: [String], catalog: [BenchmarkMetric]
  ) throws(CairnError) {
    guard scanner.nextRow() else {
      throw .invalidFile(path: file.path, problem: "empty file; expected a CSV header in row 1")
    }
    guard !scanner.hasQuote else {
      throw file.error(scanner, "quoted fields are not supported")
    }
    let names = (0..<scanner.fieldCount).map { scanner.text($0) }
    let known = required + optional + catalog.map(\.name)
    var columnByName: [String: Int] = [:]
    var metricColumns: [(BenchmarkMetric, Int)] = []
    for (field, name) in names.enumerated() {
      guard columnByName[name] == nil else {
        throw file.error(scanner, "column '\(name)' appears twice in the header")
      }
      guard known.contains(name) else {
        throw file.error(
          scanner,
          NameSuggestion.unknownNameMessage(
            what: "column", name: name, context: " in the \(space) header", valid: known))
      }
      columnByName[name] = field
      if let metric = catalog.first(where: { $0.name == name }) {
        metricColumns.append((metric, field))
      }
    }
    for name in required where columnByName[name] == nil {
      throw file.error(scanner, "missing column '\(name)' in the \(space) header")
    }
    guard !metricColumns.isEmpty else {
      throw file.error(
        scanner,
        "no metric columns in the \(space) header; expected some of "
          + catalog.map(\.name).joined(separator: ", "))
    }
    self.names = names
    self.columnByName = columnByName
    self.metricColumns = metricColumns
  }

  /// Checks the current row's field count and quoting, then reads every metric into `columns`.
  func readMetrics(
    _ scanner: CSVScanner, file: TableFile, into columns: inout [[Double]]
  ) throws(CairnError) {
    for (column, entry) in metricColumns.enumerated() {
      let field = entry.field
      let value: Double
      switch scanner.number(field) {
      case .value(let number): value = number
      case .notANumber: throw file.error(scanner, "\(entry.metric.name) is NaN")
      case .infinite:
        throw file.error(scanner, "\(entry.metric.name) is '\(scanner.shown(field))', not finite")
      case .malformed:
        throw file.error(
          scanner, "\(entry.metric.name) is '\(scanner.shown(field))', not a number")
      }
      if let problem = entry.metric.problem(with: value) { throw file.error(scanner, problem) }
      columns[column].append(value)
    }
  }

  /// Throws unless the current row has one field per header column and no quotes.
  func checkShape(_ scanner: CSVScanner, file: TableFile) throws(CairnError) {
    guard scanner.fieldCount == names.count else {
      throw file.error(
        scanner, "expected \(names.count) fields, found \(scanner.fieldCount)")
    }
    guard !scanner.hasQuote else {
      throw file.error(scanner, "quoted fields are not supported")
    }
  }
}

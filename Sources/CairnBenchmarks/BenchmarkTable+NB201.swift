import CairnCore
import CairnSpaces
import Foundation

extension BenchmarkTable {
  /// The structural columns of an NB201 table: the official index, the architecture string and the six ops.
  static let nb201Required = ["index", "arch_str"]
  static let nb201OpColumns = ["op_1_0", "op_2_0", "op_2_1", "op_3_0", "op_3_1", "op_3_2"]

  /// Loads a NAS-Bench-201 table (CSV, plain or gzip-compressed, told apart by the gzip magic bytes).
  ///
  /// The header must hold `index` and `arch_str`, may hold the six `op_j_i` columns, and otherwise only metric
  /// columns named as in `BenchmarkMetric.nb201`. Each row must have one field per header column; `index` must
  /// be the official index of `arch_str`, which must parse strictly; `op_j_i` must match the string; metrics
  /// must be plain decimal numbers within their unit's range (percent 0...100, counts whole and non-negative);
  /// no cell may appear twice. Any problem throws `CairnError.invalidFile` naming the file and the row (the
  /// header is row 1). The table may hold a subset of the 15,625 cells; rows are put in index order.
  public static func nb201(url: URL) throws(CairnError) -> BenchmarkTable {
    try nb201(file: TableFile(url: url))
  }

  static func nb201(file: TableFile) throws(CairnError) -> BenchmarkTable {
    let space = NB201Space()
    let cellCount = NB201Architecture.cellCount
    return try file.withScanner { (scanner) throws(CairnError) -> BenchmarkTable in
      let header = try TableHeader(
        &scanner, file: file, space: "nb201", required: nb201Required, optional: nb201OpColumns,
        catalog: BenchmarkMetric.nb201)
      let indexField = header.columnByName["index"]!
      let archField = header.columnByName["arch_str"]!
      let opFields = nb201OpColumns.map { header.columnByName[$0] }
      var columns = [[Double]](repeating: [], count: header.metricColumns.count)
      for column in columns.indices { columns[column].reserveCapacity(cellCount) }
      var indices: [Int] = []
      indices.reserveCapacity(cellCount)
      var rowByIndex = [Int32](repeating: -1, count: cellCount)
      var firstRowNumber = [Int32](repeating: 0, count: cellCount)
      var sorted = true
      while scanner.nextRow() {
        try header.checkShape(scanner, file: file)
        let code: Int
        if let fast = NB201StringScanner.code(scanner.bytes(archField)) {
          code = fast
        } else {
          do throws(CairnError) {
            code = try NB201Architecture(parsing: scanner.text(archField)).code
          } catch {
            throw file.error(scanner, "arch_str: \(error.description)")
          }
        }
        let architecture = try NB201Architecture(code: code)
        let official = try space.index(of: architecture)
        guard let index = scanner.integer(indexField) else {
          throw file.error(
            scanner, "index is '\(scanner.shown(indexField))', not a whole number")
        }
        guard index == official else {
          throw file.error(
            scanner,
            "index \(index) does not match arch_str '\(architecture.archString)', whose official index is \(official)"
          )
        }
        for (edge, field) in opFields.enumerated() {
          guard let field else { continue }
          let op = architecture[edge: edge]
          guard scanner.field(field, equals: NB201StringScanner.opNames[op.id]) else {
            throw file.error(
              scanner,
              "\(nb201OpColumns[edge]) is '\(scanner.shown(field))' but arch_str has '\(op.rawValue)' on that edge"
            )
          }
        }
        guard rowByIndex[index] < 0 else {
          throw file.error(
            scanner,
            "duplicate architecture '\(architecture.archString)' (index \(index)), first in row \(firstRowNumber[index])"
          )
        }
        try header.readMetrics(scanner, file: file, into: &columns)
        if let last = indices.last, last > index { sorted = false }
        rowByIndex[index] = Int32(indices.count)
        firstRowNumber[index] = Int32(scanner.rowNumber)
        indices.append(index)
      }
      if !sorted {
        let order = indices.indices.sorted { indices[$0] < indices[$1] }
        columns = columns.map { column in order.map { column[$0] } }
        indices = order.map { indices[$0] }
        for (row, index) in indices.enumerated() { rowByIndex[index] = Int32(row) }
      }
      return BenchmarkTable(
        space: "nb201", source: file.path, metrics: header.metricColumns.map(\.metric),
        columns: columns, keys: .nb201(indices: indices, rowByIndex: rowByIndex))
    }
  }
}

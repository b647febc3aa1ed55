import CairnCore
import CairnSpaces
import Foundation

extension BenchmarkTable {
  static let nb101Required = ["hash", "num_vertices", "adjacency", "ops"]
  static let nb101Optional = ["source_file"]

  /// Loads a NAS-Bench-101 table (CSV, plain or gzip-compressed, told apart by the gzip magic bytes).
  ///
  /// The header must hold `hash`, `num_vertices`, `adjacency` (the n×n row-major bit string) and `ops` (n names
  /// joined by `|`), may hold `source_file` (read past), and otherwise only metric columns named as in
  /// `BenchmarkMetric.nb101`. Each row must have one field per header column, a hash of 32 lowercase hex digits
  /// seen in no other row, a valid cell (strictly upper-triangular, `input` first, `output` last), and metrics
  /// within their unit's range (accuracies are fractions in 0...1). Any problem throws `CairnError.invalidFile`
  /// naming the file and the row (the header is row 1). Rows keep file order.
  ///
  /// The hashes are taken as given; `NB101Architecture.moduleHash` of a row's cell reproduces them.
  public static func nb101(url: URL) throws(CairnError) -> BenchmarkTable {
    try nb101(file: TableFile(url: url))
  }

  static func nb101(file: TableFile) throws(CairnError) -> BenchmarkTable {
    try file.withScanner { (scanner) throws(CairnError) -> BenchmarkTable in
      let header = try TableHeader(
        &scanner, file: file, space: "nb101", required: nb101Required, optional: nb101Optional,
        catalog: BenchmarkMetric.nb101)
      let hashField = header.columnByName["hash"]!
      let verticesField = header.columnByName["num_vertices"]!
      let adjacencyField = header.columnByName["adjacency"]!
      let opsField = header.columnByName["ops"]!
      var columns = [[Double]](repeating: [], count: header.metricColumns.count)
      var hashes: [NB101Hash] = []
      var cells: [PackedNB101Cell] = []
      var rowByHash: [NB101Hash: Int] = [:]
      var rowNumbers: [Int] = []
      while scanner.nextRow() {
        try header.checkShape(scanner, file: file)
        guard let hash = NB101RowReader.hash(scanner.bytes(hashField)) else {
          throw file.error(
            scanner, "hash '\(scanner.shown(hashField))' is not 32 lowercase hex digits")
        }
        guard let vertexCount = scanner.integer(verticesField),
          (2...NB101Architecture.maxVertexCount).contains(vertexCount)
        else {
          throw file.error(
            scanner,
            "num_vertices is '\(scanner.shown(verticesField))'; expected 2...\(NB101Architecture.maxVertexCount)"
          )
        }
        let cell = try NB101RowReader.cell(
          adjacency: scanner.bytes(adjacencyField), ops: scanner.bytes(opsField),
          vertexCount: vertexCount
        ) { (problem) throws(CairnError) in throw file.error(scanner, problem) }
        if let first = rowByHash[hash] {
          throw file.error(
            scanner, "duplicate architecture hash \(hash.text), first in row \(rowNumbers[first])")
        }
        try header.readMetrics(scanner, file: file, into: &columns)
        rowByHash[hash] = hashes.count
        rowNumbers.append(scanner.rowNumber)
        hashes.append(hash)
        cells.append(cell)
      }
      return BenchmarkTable(
        space: "nb101", source: file.path, metrics: header.metricColumns.map(\.metric),
        columns: columns, keys: .nb101(hashes: hashes, cells: cells, rowByHash: rowByHash))
    }
  }
}

import CairnCore
import Foundation

/// The bytes of a table file, gunzipped when they start with the gzip magic, followed by a NUL terminator.
struct TableFile {
  /// The path errors name.
  let path: String
  /// The file's (decompressed) content and one trailing 0 byte.
  let bytes: [UInt8]

  /// Reads `url`, inflating it when it is gzip-compressed.
  init(url: URL) throws(CairnError) {
    try self.init(
      data: try InputFile.data(url, limit: InputFile.tableLimit, what: "table"), path: url.path)
  }

  /// Wraps `data` read from `path`, inflating it when it is gzip-compressed.
  init(data: Data, path: String) throws(CairnError) {
    self.path = path
    let content =
      Gzip.isCompressed(data)
      ? try Gzip.decompress(data, path: path, limit: InputFile.tableLimit) : data
    var bytes: [UInt8] = []
    bytes.reserveCapacity(content.count + 1)
    bytes.append(contentsOf: content)
    bytes.append(0)
    self.bytes = bytes
  }

  /// Runs `body` with a scanner over the rows.
  func withScanner<Result>(_ body: (inout CSVScanner) throws(CairnError) -> Result)
    throws(CairnError) -> Result
  {
    try bytes.withUnsafeBufferPointer { (buffer) throws(CairnError) -> Result in
      let base = buffer.baseAddress!
      let capacity = CSVScanner.headerFieldCount(base: base, count: buffer.count - 1)
      let bounds = UnsafeMutablePointer<Int>.allocate(capacity: 2 * capacity)
      defer { bounds.deallocate() }
      var scanner = CSVScanner(
        base: base, count: buffer.count - 1, bounds: bounds, capacity: capacity)
      return try body(&scanner)
    }
  }

  /// An error naming the file, the current row and `problem`.
  func error(_ scanner: CSVScanner, _ problem: String) -> CairnError {
    .invalidFile(path: path, problem: "row \(scanner.rowNumber): \(problem)")
  }
}

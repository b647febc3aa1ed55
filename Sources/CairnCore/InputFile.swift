import Foundation

/// Reads a file a user gave Cairn whole, after checking its size: a file larger than its kind can sensibly be is
/// refused by name before anything is allocated for it, and a file that cannot be read is an error naming it.
public enum InputFile {
  /// The largest configuration or plan (YAML) Cairn reads: 16 MiB.
  public static let configurationLimit = 16 << 20
  /// The largest table (CSV: benchmark tables, results to import, scores, score caches) Cairn reads: 1 GiB.
  public static let tableLimit = 1 << 30

  /// The bytes of the file at `url`, which must exist, be a regular file and hold at most `limit` bytes; `what`
  /// names its kind in errors ("configuration", "table").
  public static func data(_ url: URL, limit: Int, what: String) throws(CairnError) -> Data {
    let attributes: [FileAttributeKey: Any]
    do {
      attributes = try FileManager.default.attributesOfItem(atPath: url.path)
    } catch {
      throw .invalidFile(path: url.path, problem: "cannot read \(what): no such file")
    }
    if attributes[.type] as? FileAttributeType == .typeDirectory {
      throw .invalidFile(path: url.path, problem: "is a directory, not a \(what) file")
    }
    let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
    guard size <= limit else {
      throw .invalidFile(
        path: url.path,
        problem: "is \(size) bytes; a \(what) file may hold at most \(limit) bytes")
    }
    do {
      return try Data(contentsOf: url)
    } catch {
      throw .invalidFile(
        path: url.path, problem: "cannot read \(what) (\(error.localizedDescription))")
    }
  }

  /// The UTF-8 text of the file at `url`, checked as `data(_:limit:what:)` checks it; text that is not UTF-8 is
  /// an error naming the file.
  public static func text(_ url: URL, limit: Int, what: String) throws(CairnError) -> String {
    let bytes = try data(url, limit: limit, what: what)
    guard let text = String(data: bytes, encoding: .utf8) else {
      throw .invalidFile(path: url.path, problem: "the \(what) is not UTF-8 text")
    }
    return text
  }
}

import CairnCore
import Foundation

/// File-system checks and reads that fail with one clear line naming the path.
enum DataFile {
  /// True when `url` names an existing directory.
  static func isDirectory(_ url: URL) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
      && isDirectory.boolValue
  }

  /// True when `url` names an existing regular file (or a link to one).
  static func isFile(_ url: URL) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
      && !isDirectory.boolValue
  }

  /// Throws unless `url` is an existing directory.
  static func requireDirectory(_ url: URL) throws(CairnError) {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
      throw .invalidFile(path: url.path, problem: "data directory does not exist")
    }
    guard isDirectory.boolValue else {
      throw .invalidFile(path: url.path, problem: "is a file, not a data directory")
    }
  }

  /// The whole content of a file (memory-mapped when the system allows).
  static func read(_ url: URL, what: String) throws(CairnError) -> Data {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
      throw .invalidFile(path: url.path, problem: "missing \(what) file")
    }
    guard !isDirectory.boolValue else {
      throw .invalidFile(path: url.path, problem: "is a directory, expected a \(what) file")
    }
    do {
      return try Data(contentsOf: url, options: .mappedIfSafe)
    } catch {
      throw .invalidFile(
        path: url.path, problem: "cannot read \(what) file (\(error.localizedDescription))")
    }
  }

  /// The file's content, inflated first when it starts with the gzip magic bytes (whatever its name).
  static func readPossiblyCompressed(_ url: URL, what: String) throws(CairnError) -> Data {
    let raw = try read(url, what: what)
    return Gzip.isCompressed(raw) ? try Gzip.decompress(raw, path: url.path) : raw
  }

  /// Non-empty lines of a text file with surrounding white space removed, or nil when the file does not exist.
  static func lines(_ url: URL) throws(CairnError) -> [String]? {
    guard isFile(url) else { return nil }
    let data = try read(url, what: "text")
    guard let text = String(data: data, encoding: .utf8) else {
      throw .invalidFile(path: url.path, problem: "is not UTF-8 text")
    }
    return text.split(whereSeparator: \.isNewline)
      .map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { !$0.isEmpty }
  }

  /// Copies `count` bytes from `source` at `offset` into `destination` at `destinationOffset`.
  static func copy(
    _ source: UnsafeRawBufferPointer, from offset: Int, count: Int,
    into destination: UnsafeMutableBufferPointer<UInt8>,
    at destinationOffset: Int
  ) {
    guard count > 0, let from = source.baseAddress, let to = destination.baseAddress else { return }
    precondition(offset + count <= source.count && destinationOffset + count <= destination.count)
    UnsafeMutableRawPointer(to + destinationOffset).copyMemory(
      from: from + offset, byteCount: count)
  }
}

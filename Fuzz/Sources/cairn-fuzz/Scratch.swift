import Foundation

/// A private directory (per process, under `CAIRN_FUZZ_SCRATCH` or the temporary directory) where inputs of
/// file-reading targets are written.
struct Scratch: Sendable {
  let directory: URL

  init() {
    let base = ProcessInfo.processInfo.environment["CAIRN_FUZZ_SCRATCH"] ?? NSTemporaryDirectory()
    directory = URL(fileURLWithPath: base).appendingPathComponent(
      "cairn-fuzz-\(ProcessInfo.processInfo.processIdentifier)")
    try? FileManager.default.removeItem(at: directory)
    try! FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  }

  /// Writes `data` to `name` in the directory and returns its URL.
  func file(_ name: String, holding data: Data) -> URL {
    let url = directory.appendingPathComponent(name)
    try! data.write(to: url)
    return url
  }

  /// A fresh, empty subdirectory `name`.
  func emptyDirectory(_ name: String) -> URL {
    let url = directory.appendingPathComponent(name)
    try? FileManager.default.removeItem(at: url)
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}

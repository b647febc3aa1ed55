import Foundation

/// Writes files so that a reader (or a resumed run after a crash) sees either the old or the new content, never
/// half of it: the data goes to a temporary file in the same directory, is flushed to disk, and is renamed over
/// the destination.
public enum AtomicFile {
  /// Atomically replaces `url` with `data`, creating parent directories as needed.
  public static func write(_ data: Data, to url: URL) throws(CairnError) {
    let directory = url.deletingLastPathComponent()
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    } catch {
      throw .invalidFile(
        path: directory.path, problem: "cannot create directory (\(error.localizedDescription))")
    }
    let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
    guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
      throw .invalidFile(path: temporary.path, problem: "cannot create file")
    }
    do {
      let handle = try FileHandle(forWritingTo: temporary)
      try handle.write(contentsOf: data)
      try handle.synchronize()
      try handle.close()
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw .invalidFile(path: url.path, problem: "write failed (\(error.localizedDescription))")
    }
    if rename(temporary.path, url.path) != 0 {
      let reason = String(cString: strerror(errno))
      try? FileManager.default.removeItem(at: temporary)
      throw .invalidFile(path: url.path, problem: "rename failed (\(reason))")
    }
  }

  /// Atomically replaces `url` with UTF-8 text.
  public static func write(_ text: String, to url: URL) throws(CairnError) {
    try write(Data(text.utf8), to: url)
  }
}

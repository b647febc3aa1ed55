import Foundation

/// Writes files so that a reader (or a resumed run after a crash) sees either the old or the new content, never
/// half of it: the data goes to a temporary file in the same directory, is flushed to disk, and is renamed over
/// the destination; the directory is flushed too, so the rename survives a power cut.
///
/// Errors name the file. A full disk, an exceeded quota or an I/O error is a run-time `failure` (the old file is
/// intact and the write can be retried once there is room); a directory that cannot be created or written
/// (permissions, a read-only file system) is `invalidFile`, the user's choice of place.
public enum AtomicFile {
  /// Atomically replaces `url` with `data`, creating parent directories as needed.
  public static func write(_ data: Data, to url: URL) throws(CairnError) {
    let directory = url.deletingLastPathComponent()
    try createDirectory(directory)
    let temporary = directory.appendingPathComponent(temporaryName(for: url.lastPathComponent))
    let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      throw error(errno, path: temporary.path, doing: "cannot create file")
    }
    var code = writeAll(data, to: descriptor)
    if code == 0 && fsync(descriptor) != 0 { code = errno }
    if close(descriptor) != 0 && code == 0 { code = errno }
    if code != 0 {
      unlink(temporary.path)
      throw error(code, path: url.path, doing: "write failed")
    }
    if rename(temporary.path, url.path) != 0 {
      let code = errno
      unlink(temporary.path)
      throw error(code, path: url.path, doing: "rename failed")
    }
    synchronizeDirectory(directory)
  }

  /// Creates `directory` (and its parents) and checks that files can be created in it, so a run whose directory
  /// is read-only or not a directory stops before any work with one error naming it. Temporary files that killed
  /// writers left anywhere under it are removed.
  public static func prepareDirectory(_ directory: URL) throws(CairnError) {
    try createDirectory(directory)
    removeAbandonedTemporaries(under: directory)
    let probe = directory.appendingPathComponent(temporaryName(for: ".cairn-write-probe"))
    let descriptor = open(probe.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      throw error(errno, path: directory.path, doing: "cannot write in this directory")
    }
    close(descriptor)
    unlink(probe.path)
  }

  /// The hidden name this process writes `name` under before renaming it into place: `.NAME.tmp-PID`.
  static func temporaryName(for name: String) -> String { ".\(name).tmp-\(getpid())" }

  /// The process that writes the temporary file `name`, or nil when `name` is not a temporary file's.
  static func writer(ofTemporary name: String) -> pid_t? {
    guard name.hasPrefix("."), let marker = name.range(of: ".tmp-", options: .backwards) else {
      return nil
    }
    return pid_t(name[marker.upperBound...]).flatMap { $0 > 0 ? $0 : nil }
  }

  /// Removes the temporary files under `directory` whose writer is gone (killed mid-write); a file whose writer
  /// still runs, or that cannot be removed, is left alone.
  static func removeAbandonedTemporaries(under directory: URL) {
    guard let walker = FileManager.default.enumerator(atPath: directory.path) else { return }
    for case let relative as String in walker {
      let name = (relative as NSString).lastPathComponent
      guard let process = writer(ofTemporary: name), kill(process, 0) != 0, errno == ESRCH else {
        continue
      }
      unlink(directory.appendingPathComponent(relative).path)
    }
  }

  /// Creates `directory` and its parents; throws naming it when that is impossible.
  private static func createDirectory(_ directory: URL) throws(CairnError) {
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    } catch {
      throw .invalidFile(
        path: directory.path, problem: "cannot create directory (\(error.localizedDescription))")
    }
  }

  /// Atomically replaces `url` with UTF-8 text.
  public static func write(_ text: String, to url: URL) throws(CairnError) {
    try write(Data(text.utf8), to: url)
  }

  /// Writes every byte of `data`, retrying short writes and interruptions; returns 0 or the errno.
  private static func writeAll(_ data: Data, to descriptor: Int32) -> Int32 {
    data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Int32 in
      var offset = 0
      while offset < bytes.count {
        let written = Foundation.write(
          descriptor, bytes.baseAddress! + offset, bytes.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          return errno
        }
        offset += written
      }
      return 0
    }
  }

  /// Flushes the directory entry of a rename (best effort: some file systems refuse fsync on directories).
  private static func synchronizeDirectory(_ directory: URL) {
    let descriptor = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard descriptor >= 0 else { return }
    _ = fsync(descriptor)
    close(descriptor)
  }

  /// The error for `code`: out of space or I/O is a run-time failure, anything else the place's problem.
  private static func error(_ code: Int32, path: String, doing what: String) -> CairnError {
    let reason = String(cString: strerror(code))
    if code == ENOSPC || code == EDQUOT || code == EIO || code == EFBIG {
      return .failure("\(path): \(what) (\(reason))")
    }
    return .invalidFile(path: path, problem: "\(what) (\(reason))")
  }
}

import Foundation
import Testing

@testable import CairnCore

/// Atomic writes leave the new content and no temporary file, or the old content and an error naming the file;
/// a run directory that cannot hold files is refused before any work. (A full disk is exercised on a real tmpfs
/// by scripts/storage_faults.sh.)
@Suite struct AtomicFileTests {
  func scratch() throws -> URL {
    let url = URL(fileURLWithPath: NSTemporaryDirectory() + "cairn-atomic-\(UUID())")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  @Test func aWriteReplacesTheFileAndLeavesNoTemporaryFile() throws {
    let directory = try scratch()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("deep/er/file.txt")
    try AtomicFile.write("old", to: url)
    try AtomicFile.write("new content", to: url)
    #expect(try String(contentsOf: url, encoding: .utf8) == "new content")
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path) == [
        "file.txt"
      ])
  }

  @Test func aFailedRenameKeepsTheOldContentAndNamesTheFile() throws {
    let directory = try scratch()
    defer { try? FileManager.default.removeItem(at: directory) }
    // A non-empty directory in the destination's place: the rename fails after the data was written.
    let url = directory.appendingPathComponent("target")
    try AtomicFile.write("kept", to: url.appendingPathComponent("inside"))
    #expect {
      try AtomicFile.write("new", to: url)
    } throws: { error in
      guard case .invalidFile(let path, let problem) = error as? CairnError else { return false }
      return path == url.path && problem.hasPrefix("rename failed (")
    }
    #expect(try String(contentsOf: url.appendingPathComponent("inside"), encoding: .utf8) == "kept")
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["target"])
  }

  @Test func aDirectoryThatCannotExistIsRefusedByName() throws {
    let directory = try scratch()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("a-file")
    try AtomicFile.write("x", to: file)
    let run = file.appendingPathComponent("run")
    #expect {
      try AtomicFile.prepareDirectory(run)
    } throws: { error in
      guard case .invalidFile(let path, let problem) = error as? CairnError else { return false }
      return path == run.path && problem.hasPrefix("cannot create directory (")
    }
    try AtomicFile.prepareDirectory(directory.appendingPathComponent("fine"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path + "/fine").isEmpty)
  }
}

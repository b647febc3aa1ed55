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

  @Test func preparingARunRemovesTheTemporaryFilesOfKilledWriters() throws {
    let directory = try scratch()
    defer { try? FileManager.default.removeItem(at: directory) }
    let gone = Int32.max - 1  // above any pid_max: no such process
    let files = [
      "checkpoint/.latest.safetensors.tmp-\(gone)", ".scores.csv.tmp-\(gone)",
      ".scores.csv.tmp-\(getpid())", "scores.csv", ".tmp-\(gone)", "cell/.notes.tmp-x",
    ]
    for file in files {
      let url = directory.appendingPathComponent(file)
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      #expect(FileManager.default.createFile(atPath: url.path, contents: Data("x".utf8)))
    }
    try AtomicFile.prepareDirectory(directory)
    let left = FileManager.default.subpaths(atPath: directory.path)?.sorted()
    #expect(
      left == [
        ".scores.csv.tmp-\(getpid())", "cell", "cell/.notes.tmp-x", "checkpoint", "scores.csv",
      ])
  }

  @Test func temporaryNamesNameTheirWriter() {
    #expect(AtomicFile.writer(ofTemporary: AtomicFile.temporaryName(for: "a.json")) == getpid())
    #expect(AtomicFile.writer(ofTemporary: ".a.tmp-12") == 12)
    for name in ["a.tmp-12", ".a.tmp-", ".a.tmp-0", ".a.tmp--3", ".a.tmp-12x", ".a.json"] {
      #expect(AtomicFile.writer(ofTemporary: name) == nil, "\(name)")
    }
  }
}

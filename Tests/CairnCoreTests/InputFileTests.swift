import Foundation
import Testing

@testable import CairnCore

/// Files of absurd size are refused by name before they are read; missing files, directories and text that is
/// not UTF-8 are errors naming the file.
@Suite struct InputFileTests {
  /// A sparse file of `size` bytes (no disk blocks), removed by the caller.
  func sparseFile(_ size: UInt64) throws -> URL {
    let url = URL(fileURLWithPath: NSTemporaryDirectory() + "cairn-input-\(UUID()).yaml")
    FileManager.default.createFile(atPath: url.path, contents: nil)
    let handle = try FileHandle(forWritingTo: url)
    try handle.truncate(atOffset: size)
    try handle.close()
    return url
  }

  @Test func anOversizedFileIsRefusedBeforeItIsRead() throws {
    let url = try sparseFile(UInt64(InputFile.configurationLimit) + 1)
    defer { try? FileManager.default.removeItem(at: url) }
    #expect(
      throws: CairnError.invalidFile(
        path: url.path,
        problem:
          "is \(InputFile.configurationLimit + 1) bytes; a configuration file may hold at most \(InputFile.configurationLimit) bytes"
      )
    ) { _ = try InputFile.text(url, limit: InputFile.configurationLimit, what: "configuration") }
    let huge = try sparseFile(1 << 40)  // a terabyte claimed, none allocated
    defer { try? FileManager.default.removeItem(at: huge) }
    #expect(throws: CairnError.self) {
      _ = try InputFile.data(huge, limit: InputFile.tableLimit, what: "table")
    }
  }

  @Test func missingDirectoryAndNonUTF8AreNamed() throws {
    let missing = URL(fileURLWithPath: "/nonexistent/cairn.yaml")
    #expect(
      throws: CairnError.invalidFile(
        path: missing.path, problem: "cannot read configuration: no such file")
    ) { _ = try InputFile.text(missing, limit: 100, what: "configuration") }
    let directory = URL(fileURLWithPath: NSTemporaryDirectory())
    #expect(throws: CairnError.self) {
      _ = try InputFile.data(directory, limit: 100, what: "table")
    }
    let binary = URL(fileURLWithPath: NSTemporaryDirectory() + "cairn-input-\(UUID()).yaml")
    try Data([0xff, 0xfe, 0x00, 0xc3]).write(to: binary)
    defer { try? FileManager.default.removeItem(at: binary) }
    #expect(
      throws: CairnError.invalidFile(
        path: binary.path, problem: "the configuration is not UTF-8 text")
    ) { _ = try InputFile.text(binary, limit: 100, what: "configuration") }
    #expect(try InputFile.data(binary, limit: 4, what: "table").count == 4)
  }
}

import Foundation
import Testing

/// Runs the built `cairn` executable (it sits next to the test bundle) and checks exit codes and error lines.
struct CommandResult {
  let status: Int32
  let output: String
  let error: String
}

/// The built `cairn` executable.
var cairnExecutable: URL {
  let directory =
    Bundle.main.bundleURL.hasDirectoryPath
    ? Bundle.main.bundleURL : Bundle.main.bundleURL.deletingLastPathComponent()
  let executable = directory.appendingPathComponent("cairn")
  if FileManager.default.fileExists(atPath: executable.path) { return executable }
  return directory.deletingLastPathComponent().appendingPathComponent("cairn")
}

/// Runs `cairn` with `arguments` (in `directory`, when given) to the end.
func cairn(
  _ arguments: [String], environment: [String: String] = [:], directory: URL? = nil
) throws -> CommandResult {
  let process = Process()
  process.executableURL = cairnExecutable
  process.arguments = arguments
  process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
  if let directory { process.currentDirectoryURL = directory }
  let out = Pipe()
  let err = Pipe()
  process.standardOutput = out
  process.standardError = err
  try process.run()
  let outData = out.fileHandleForReading.readDataToEndOfFile()
  let errData = err.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return CommandResult(
    status: process.terminationStatus, output: String(decoding: outData, as: UTF8.self),
    error: String(decoding: errData, as: UTF8.self))
}

func temporaryDirectory() throws -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-cli-\(UUID())")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

@Suite struct CommandLineTests {
  /// Bad input ends with exit code 2 and exactly one line on stderr that names the value or file.
  func expectBadInput(_ arguments: [String], mentions: String) throws {
    let result = try cairn(arguments)
    #expect(result.status == 2, "\(arguments): status \(result.status), stderr \(result.error)")
    let lines = result.error.split(separator: "\n")
    #expect(lines.count == 1, "\(result.error)")
    #expect(result.error.hasPrefix("error: "))
    #expect(result.error.contains(mentions), "\(result.error)")
  }

  @Test func versionAndDoctor() throws {
    #expect(try cairn(["--version"]).output.hasPrefix("0."))
    let doctor = try cairn(["doctor"])
    #expect(doctor.status == 0)
    #expect(doctor.output.contains("oneDNN 2."))
    #expect(doctor.output.contains("table nb201: 15625 architectures"))
    #expect(doctor.output.contains("dataset cifar10: "))
  }

  @Test func malformedArchitectureString() throws {
    try expectBadInput(
      ["train", "--arch", "|nor_conv_3x3~0|+|bogus|"], mentions: "|nor_conv_3x3~0|+|bogus|")
  }

  @Test func unknownOperation() throws {
    try expectBadInput(
      ["train", "--arch", "|conv_9x9~0|+|none~0|none~1|+|none~0|none~1|none~2|"],
      mentions: "conv_9x9")
  }

  @Test func indexOutOfRange() throws {
    try expectBadInput(["train", "--arch", "15625"], mentions: "15625")
  }

  @Test func missingDataDirectory() throws {
    try expectBadInput(
      [
        "train", "--arch", "0", "--data-dir", "/nonexistent/cifar", "--run-dir",
        try temporaryDirectory().path,
      ],
      mentions: "/nonexistent/cifar")
  }

  @Test func truncatedCIFARFile() throws {
    let data = try temporaryDirectory()
    for name in [
      "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
      "data_batch_5.bin",
      "test_batch.bin",
    ] {
      try Data(repeating: 1, count: name == "data_batch_3.bin" ? 3073 * 2 + 100 : 3073 * 2)
        .write(to: data.appendingPathComponent(name))
    }
    try expectBadInput(
      [
        "train", "--arch", "0", "--data-dir", data.path, "--run-dir", try temporaryDirectory().path,
      ],
      mentions: "data_batch_3.bin")
  }

  @Test func wrongIDXMagic() throws {
    let data = try temporaryDirectory()
    for name in [
      "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
      "t10k-labels-idx1-ubyte",
    ] {
      try Data([0, 0, 9, 9] + [UInt8](repeating: 0, count: 12)).write(
        to: data.appendingPathComponent(name))
    }
    try expectBadInput(
      [
        "train", "--arch", "0", "--dataset", "fashion-mnist", "--data-dir", data.path, "--run-dir",
        try temporaryDirectory().path,
      ], mentions: "train-images-idx3-ubyte")
  }

  @Test func nonPositiveEpochs() throws {
    try expectBadInput(["train", "--arch", "0", "--epochs", "0"], mentions: "--epochs")
  }
}

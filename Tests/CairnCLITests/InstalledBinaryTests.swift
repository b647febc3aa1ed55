import Foundation
import Testing

/// A `cairn` binary away from the build directory: installed with its resources under `<prefix>/share/cairn`
/// (as `make install` lays it out) it runs; without them it says where it looked and exits 2 instead of trapping;
/// `$CAIRN_RESOURCES` points it at them.
@Suite struct InstalledBinaryTests {
  let query = [
    "bench", "query", "--space", "nb201", "--arch", "0", "--metric", "cifar10_test_acc_200ep",
  ]

  func run(_ binary: URL, _ arguments: [String], environment: [String: String] = [:]) throws
    -> CommandResult
  {
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    var variables = ProcessInfo.processInfo.environment
    variables["CAIRN_RESOURCES"] = nil
    process.environment = variables.merging(environment) { $1 }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let output = out.fileHandleForReading.readDataToEndOfFile()
    let error = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CommandResult(
      status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
      error: String(decoding: error, as: UTF8.self))
  }

  @Test func anInstalledBinaryFindsItsResources() throws {
    let manager = FileManager.default
    let build = cairnExecutable.deletingLastPathComponent()
    let bundles = try manager.contentsOfDirectory(atPath: build.path).filter {
      $0.hasPrefix("Cairn_") && $0.hasSuffix(".resources")
    }
    #expect(bundles.contains("Cairn_CairnBenchmarks.resources"))

    let prefix = try temporaryDirectory()
    let bin = prefix.appendingPathComponent("bin")
    let share = prefix.appendingPathComponent("share/cairn")
    try manager.createDirectory(at: bin, withIntermediateDirectories: true)
    try manager.createDirectory(at: share, withIntermediateDirectories: true)
    try manager.copyItem(at: cairnExecutable, to: bin.appendingPathComponent("cairn"))
    for bundle in bundles {
      try manager.copyItem(
        at: build.appendingPathComponent(bundle), to: share.appendingPathComponent(bundle))
    }
    let installed = try run(bin.appendingPathComponent("cairn"), query)
    #expect(installed.status == 0, "\(installed.error)")
    #expect(!installed.output.isEmpty)

    let alone = try temporaryDirectory().appendingPathComponent("cairn")
    try manager.copyItem(at: cairnExecutable, to: alone)
    let missing = try run(alone, query)
    #expect(missing.status == 2, "status \(missing.status): \(missing.error)")
    #expect(missing.error.split(separator: "\n").count == 1, "\(missing.error)")
    #expect(missing.error.contains("Cairn's resources are missing; looked in"), "\(missing.error)")

    let pointed = try run(alone, query, environment: ["CAIRN_RESOURCES": share.path])
    #expect(pointed.status == 0, "\(pointed.error)")
  }
}

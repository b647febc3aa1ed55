import Foundation
import Testing

/// Runs `cairn` as `ranks` MPI processes on this machine (`mpirun` from Open MPI, installed by scripts/setup.sh).
func cairnUnderMPI(ranks: Int, _ arguments: [String]) async throws -> CommandResult {
  let mpirun = ["/usr/bin/mpirun", "/usr/local/bin/mpirun"].first {
    FileManager.default.isExecutableFile(atPath: $0)
  }
  guard let mpirun else {
    Issue.record("mpirun not found: install Open MPI (scripts/setup.sh)")
    return CommandResult(status: -1, output: "", error: "")
  }
  let process = Process()
  process.executableURL = URL(fileURLWithPath: mpirun)
  // --oversubscribe: more ranks than cores is fine for tests; single-copy off: containers forbid ptrace.
  process.arguments =
    [
      "-np", "\(ranks)", "--oversubscribe", "--bind-to", "none", "--mca",
      "btl_vader_single_copy_mechanism", "none", cairnExecutable.path,
    ] + arguments
  process.environment = ProcessInfo.processInfo.environment.merging([
    "OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1",
  ]) { $1 }
  let out = Pipe()
  let err = Pipe()
  process.standardOutput = out
  process.standardError = err
  try process.run()
  let errors = Task.detached { err.fileHandleForReading.readDataToEndOfFile() }
  let output = out.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return CommandResult(
    status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
    error: String(decoding: await errors.value, as: UTF8.self))
}

@Suite struct MPICommandTests {
  @Test func twoRanksFindEachOtherAndSumAcrossTheJob() async throws {
    let result = try await cairnUnderMPI(ranks: 2, ["doctor"])
    #expect(result.status == 0, "\(result.error)")
    let lines = result.output.split(separator: "\n").filter { $0.hasPrefix("MPI: rank") }
    #expect(lines.count == 2, "\(result.output)")
    for rank in 0..<2 {
      #expect(
        lines.contains { $0.hasPrefix("MPI: rank \(rank) of 2, Open MPI") },
        "\(result.output)")
    }
    #expect(lines.allSatisfy { $0.hasSuffix("allreduce check passed") })
  }

  @Test func aSingleProcessNeedsNoMPI() throws {
    let result = try cairn(["doctor"], environment: ["CAIRN_MPI_LIBRARY": "/nonexistent"])
    #expect(result.status == 0)
    #expect(result.output.contains("MPI: a single process"))
  }

  @Test func aLaunchWithoutTheLibraryIsOneError() throws {
    let result = try cairn(
      ["doctor"],
      environment: ["OMPI_COMM_WORLD_SIZE": "2", "CAIRN_MPI_LIBRARY": "/nonexistent/libmpi.so.40"])
    #expect(result.status == 2)
    #expect(
      result.error.hasPrefix("error: Open MPI's library cannot be loaded ("), "\(result.error)")
  }
}

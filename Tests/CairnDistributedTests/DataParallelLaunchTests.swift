import CairnCore
import CairnData
import Foundation
import Testing

@testable import CairnDistributed

/// What a launch may resume: a run keeps the process count it started with; a damaged record is named.
@Suite struct DataParallelLaunchTests {
  func scratch() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-dp-\(UUID())")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  @Test func aSingleProcessTrainsInTheRunDirectoryOnTheWholeBatch() throws {
    let run = try scratch()
    defer { try? FileManager.default.removeItem(at: run) }
    let launch = try DataParallelLaunch(world: .single, runDirectory: run, batchSize: 7)
    #expect(launch.shard == .whole && launch.directory == run)
    #expect(
      !FileManager.default.fileExists(atPath: run.appendingPathComponent("data-parallel.json").path)
    )
  }

  @Test func aRunOfSeveralProcessesIsNotResumedByOne() throws {
    let run = try scratch()
    defer { try? FileManager.default.removeItem(at: run) }
    try AtomicFile.write(
      "{\"processes\": 2}\n", to: run.appendingPathComponent("data-parallel.json"))
    #expect {
      _ = try DataParallelLaunch(world: .single, runDirectory: run, batchSize: 8)
    } throws: { error in
      guard case .invalidInput(let message) = error as? CairnError else { return false }
      return message.contains("was trained by 2 processes; resume it with mpirun -np 2")
    }
  }

  @Test(arguments: ["", "{\"processes\": 0}", "{\"processes\": \"two\"}", "[2]"])
  func aDamagedRecordIsNamed(_ text: String) throws {
    let run = try scratch()
    defer { try? FileManager.default.removeItem(at: run) }
    let record = run.appendingPathComponent("data-parallel.json")
    try AtomicFile.write(text, to: record)
    #expect {
      _ = try DataParallelLaunch(world: .single, runDirectory: run, batchSize: 8)
    } throws: { error in
      guard case .invalidFile(let path, _) = error as? CairnError else { return false }
      return path == record.path
    }
  }

  @Test func aStartedSingleProcessRunHasOneProcessOnRecord() throws {
    let run = try scratch()
    defer { try? FileManager.default.removeItem(at: run) }
    #expect(try DataParallelLaunch.recordedProcesses(in: run) == nil)
    try FileManager.default.createDirectory(
      at: run.appendingPathComponent("checkpoint"), withIntermediateDirectories: true)
    #expect(try DataParallelLaunch.recordedProcesses(in: run) == 1)
  }
}

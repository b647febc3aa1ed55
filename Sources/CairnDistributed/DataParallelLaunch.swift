import CairnCore
import CairnData
import Foundation

/// How one process of a data-parallel job takes part in a run: its slice of every batch and its own run
/// directory, and the checks that make a bad launch one clear error.
///
/// Rank 0 trains in the run directory itself, so checkpoints, metrics, scores and reports are where a
/// single-process run puts them; rank r > 0 trains in `ranks/r` inside it. Every rank resumes from rank 0's
/// checkpoint (copied into `ranks/r` at launch): weights, optimizer state, random streams and loader cursors are
/// the same on every rank by construction, so one checkpoint serves all, and a kill that lands while the ranks
/// write their checkpoints cannot leave them at different steps. (A resumed rank r > 0 thereby takes rank 0's
/// batch-norm running statistics, which only its own, unreported evaluation reads; training steps use batch
/// statistics.) The run records its process count in `data-parallel.json`; a resume with another count is
/// refused.
public struct DataParallelLaunch: Sendable {
  /// This process's slice of every training and validation batch.
  public let shard: DataShard
  /// Where this process keeps its run: the run directory for rank 0, `ranks/<rank>` inside it otherwise.
  public let directory: URL

  /// The record of the process count, in the run directory.
  public static let recordName = "data-parallel.json"

  /// Checks that `world.size` processes can split batches of `batchSize` and resume the run in `runDirectory`.
  public init(world: Communicator, runDirectory: URL, batchSize: Int) throws(CairnError) {
    guard batchSize % world.size == 0 else {
      throw .invalidInput(
        "a batch of \(batchSize) cannot be split among \(world.size) processes; use a process count that divides "
          + "training.batch_size (the global batch)")
    }
    let recorded = try Self.recordedProcesses(in: runDirectory)
    if let recorded, recorded != world.size {
      let was = recorded == 1 ? "1 process" : "\(recorded) processes"
      let resume = recorded == 1 ? "without mpirun" : "with mpirun -np \(recorded)"
      throw .invalidInput(
        "\(runDirectory.path) was trained by \(was); resume it \(resume), or use another run directory "
          + "(this launch has \(world.size))")
    }
    shard = try DataShard(index: world.rank, count: world.size)
    directory =
      world.rank == 0
      ? runDirectory : runDirectory.appendingPathComponent("ranks/\(world.rank)", isDirectory: true)
    if !world.isRoot {
      try Self.copyCheckpoint(from: runDirectory, to: directory)
    }
    if world.isRoot && world.size > 1 && recorded == nil {
      try AtomicFile.prepareDirectory(runDirectory)
      try AtomicFile.write(
        "{\"processes\": \(world.size)}\n", to: runDirectory.appendingPathComponent(Self.recordName)
      )
    }
  }

  /// Replaces the checkpoint in `rankDirectory` by rank 0's, when rank 0 has one.
  private static func copyCheckpoint(from run: URL, to rankDirectory: URL) throws(CairnError) {
    let path = "checkpoint/latest.safetensors"
    let source = run.appendingPathComponent(path)
    guard let data = FileManager.default.contents(atPath: source.path) else { return }
    try AtomicFile.prepareDirectory(rankDirectory)
    try AtomicFile.write(data, to: rankDirectory.appendingPathComponent(path))
  }

  /// The process count that trained the run so far: the record's, 1 for a started run without one, or nil
  /// (any count) for a run that has not started.
  static func recordedProcesses(in run: URL) throws(CairnError) -> Int? {
    let record = run.appendingPathComponent(recordName)
    guard let data = FileManager.default.contents(atPath: record.path) else {
      let started = FileManager.default.fileExists(
        atPath: run.appendingPathComponent("checkpoint").path)
      return started ? 1 : nil
    }
    struct Record: Decodable { var processes: Int }
    guard let processes = try? JSONDecoder().decode(Record.self, from: data).processes,
      processes > 0
    else {
      throw .invalidFile(
        path: record.path, problem: "not a process-count record ({\"processes\": N})")
    }
    return processes
  }
}

import CairnCore
import Foundation

/// The processes of one job and the collective operations Cairn needs between them: rank and size, the sum of a
/// float buffer over all processes (allreduce), broadcast and barrier.
///
/// `world()` is a single process (rank 0 of 1, no MPI at all) unless the process was started by Open MPI's
/// `mpirun` (or a launcher that sets `OMPI_COMM_WORLD_SIZE`), so single-process use never needs MPI installed.
/// Collective calls must be made by every rank in the same order; Open MPI ends the whole job on a failure.
public final class Communicator: @unchecked Sendable {
  /// This process's index, 0 ..< size.
  public let rank: Int
  /// The number of processes.
  public let size: Int
  /// What runs the collectives: nil for a single process.
  private let library: OpenMPI?

  /// A single process.
  public static let single = Communicator(rank: 0, size: 1, library: nil)

  private init(rank: Int, size: Int, library: OpenMPI?) {
    self.rank = rank
    self.size = size
    self.library = library
  }

  /// The communicator of every process of this job: MPI's world when an MPI launcher started the process,
  /// otherwise `single`. `CAIRN_MPI_LIBRARY` names the library file when the default names do not find it.
  /// Throws (exit 2) when launched by MPI but the library cannot be loaded or disagrees with the launcher.
  public static func world(
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws(CairnError) -> Communicator {
    guard let launched = environment[launcherVariable] else { return .single }
    guard let expected = Int(launched), expected > 0 else {
      throw .invalidInput("OMPI_COMM_WORLD_SIZE is '\(launched)', not a process count")
    }
    let library = try OpenMPI(override: environment["CAIRN_MPI_LIBRARY"])
    var flag: Int32 = 0
    if library.initialized(&flag) == 0 && flag == 0 {
      guard library.initialize(nil, nil) == 0 else {
        throw .failure("MPI_Init failed in \(library.path)")
      }
      atexit { Communicator.finalizeAtExit() }
    }
    var rank: Int32 = 0
    var size: Int32 = 0
    guard library.rank(library.world, &rank) == 0, library.size(library.world, &size) == 0 else {
      throw .failure("MPI_Comm_rank or MPI_Comm_size failed in \(library.path)")
    }
    guard Int(size) == expected else {
      throw .invalidInput(
        "MPI reports \(size) processes but the launcher set OMPI_COMM_WORLD_SIZE=\(expected): "
          + "\(library.path) is not the MPI that launched this job")
    }
    let world = Communicator(rank: Int(rank), size: Int(size), library: library)
    Communicator.active = world
    return world
  }

  /// The variable Open MPI's launcher sets to the process count of the job it starts.
  public static let launcherVariable = "OMPI_COMM_WORLD_SIZE"

  /// Whether this is rank 0, the rank that writes a job's files.
  public var isRoot: Bool { rank == 0 }

  /// The MPI library serving the collectives ("none" for a single process).
  public var libraryDescription: String {
    library.map { "\($0.version) (\($0.path))" } ?? "none (a single process)"
  }

  /// Time spent in `sum` (seconds), how many calls and how many bytes they summed: the cost of the
  /// collectives of a data-parallel run.
  public private(set) var sumStatistics = (seconds: 0.0, calls: 0, bytes: 0)

  /// Replaces `values` on every rank by their element-wise sum over all ranks.
  public func sum(_ values: UnsafeMutableBufferPointer<Float>) {
    guard let library else { return }
    sum(UnsafeMutableRawBufferPointer(values), count: values.count, type: library.float)
  }

  /// Replaces `values` on every rank by their element-wise sum over all ranks, in double precision.
  public func sum(_ values: UnsafeMutableBufferPointer<Double>) {
    guard let library else { return }
    sum(UnsafeMutableRawBufferPointer(values), count: values.count, type: library.double)
  }

  /// The allreduce behind both `sum`s: `count` elements of MPI datatype `type`, in chunks MPI can count.
  private func sum(_ values: UnsafeMutableRawBufferPointer, count: Int, type: OpenMPI.Handle) {
    guard let library, size > 1, count > 0 else { return }
    let stride = values.count / count
    let started = DispatchTime.now().uptimeNanoseconds
    defer {
      let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) * 1e-9
      sumStatistics = (
        sumStatistics.seconds + seconds, sumStatistics.calls + 1,
        sumStatistics.bytes + values.count
      )
    }
    for chunk in Self.chunks(of: count) {
      let status = library.allreduce(
        library.inPlace, values.baseAddress! + chunk.lowerBound * stride, Int32(chunk.count), type,
        library.sum, library.world)
      precondition(status == 0, "MPI_Allreduce failed with \(status)")  // MPI aborts the job first
    }
  }

  /// Replaces `values` on every rank by rank `root`'s.
  public func broadcast(_ values: UnsafeMutableBufferPointer<Float>, from root: Int = 0) {
    guard let library, size > 1, !values.isEmpty else { return }
    for chunk in Self.chunks(of: values.count) {
      let status = library.broadcast(
        values.baseAddress! + chunk.lowerBound, Int32(chunk.count), library.float, Int32(root),
        library.world)
      precondition(status == 0, "MPI_Bcast failed with \(status)")
    }
  }

  /// Waits until every rank has reached this call.
  public func barrier() {
    guard let library, size > 1 else { return }
    precondition(library.barrier(library.world) == 0, "MPI_Barrier failed")
  }

  /// Index ranges of at most `Int32.max` elements (MPI counts are 32-bit).
  static func chunks(of count: Int, limit: Int = Int(Int32.max)) -> [Range<Int>] {
    stride(from: 0, to: count, by: limit).map { $0..<min($0 + limit, count) }
  }

  /// The initialized world, finalized at exit.
  nonisolated(unsafe) private static var active: Communicator?

  private static func finalizeAtExit() {
    guard let library = active?.library else { return }
    var flag: Int32 = 0
    if library.finalized(&flag) == 0 && flag == 0 { _ = library.finalize() }
  }
}

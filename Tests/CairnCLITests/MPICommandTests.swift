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

  /// A command that does not split its work would run whole in every process, writing the same files.
  @Test func commandsThatDoNotSplitTheirWorkAreRefusedUnderMPI() async throws {
    let result = try await cairnUnderMPI(ranks: 2, ["experiment", "no-such-plan.yaml"])
    #expect(result.status == 2)
    #expect(
      result.error.contains("cairn experiment runs as one process; under mpirun only"),
      "\(result.error)")
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

  /// A seconds-long SPOS run with landmarks (the soak's), 4 epochs with one evaluation.
  static let tinyRun = """
    name: dp
    truth: nb201:cifar10_test_acc_200ep
    limit: 256
    supernet: {channels: 4, cells_per_stage: 1}
    training: {epochs: 4, batch_size: 32}
    landmarks: {enabled: true, count: 8, schedule: constant, weight: 1, warmup_epochs: 1}
    evaluation: {every: 4, pool_size: 20, scoring_batches: 1, top_k: 5, bootstrap: 0}
    """

  /// The per-epoch training losses and the pool's super-net losses (by architecture) of a run.
  func outputs(of run: URL) throws -> (losses: [Double], scores: [String: Double]) {
    let metrics = try String(
      contentsOf: run.appendingPathComponent("metrics.jsonl"), encoding: .utf8)
    let losses = try metrics.split(separator: "\n").map {
      let line = try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
      return line?["train_loss"] as? Double ?? .nan
    }
    let rows = try String(contentsOf: run.appendingPathComponent("scores.csv"), encoding: .utf8)
      .split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
    var scores: [String: Double] = [:]
    for row in rows where row.count >= 3 { scores[String(row[0])] = Double(row[2]) }
    return (losses, scores)
  }

  /// Spearman's ρ of two score lists without ties.
  func spearman(_ a: [Double], _ b: [Double]) -> Double {
    func ranks(_ x: [Double]) -> [Double] {
      var r = [Double](repeating: 0, count: x.count)
      for (rank, index) in x.indices.sorted(by: { x[$0] < x[$1] }).enumerated() {
        r[index] = Double(rank)
      }
      return r
    }
    let (ra, rb) = (ranks(a), ranks(b))
    let n = Double(a.count)
    let d2 = zip(ra, rb).map { ($0 - $1) * ($0 - $1) }.reduce(0, +)
    return 1 - 6 * d2 / (n * (n * n - 1))
  }

  /// Two processes with half the batch each train the run one process trains: the same global batch, the same
  /// paths (each step checks that both ranks' gradients belong to one sub-network), per-rank batch norm. Stated
  /// tolerance: every epoch's loss within 0.05, and the pool's scores ranked alike (Spearman ρ ≥ 0.5; measured
  /// 0.86).
  @Test func twoProcessesTrainWhatOneProcessTrains() async throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let config = directory.appendingPathComponent("dp.yaml")
    try Self.tinyRun.write(to: config, atomically: true, encoding: .utf8)
    let single = directory.appendingPathComponent("one")
    let parallel = directory.appendingPathComponent("two")
    let one = try cairn([
      "supernet", "train", config.path, "--run-dir", single.path, "--threads", "1",
    ])
    #expect(one.status == 0, "\(one.error)")
    let two = try await cairnUnderMPI(
      ranks: 2, ["supernet", "train", config.path, "--run-dir", parallel.path, "--threads", "1"])
    #expect(two.status == 0, "\(two.error)")
    #expect(two.output.contains("2 processes (data-parallel)"))
    #expect(
      FileManager.default.fileExists(
        atPath: parallel.appendingPathComponent("ranks/1/checkpoint").path))
    let (a, b) = (try outputs(of: single), try outputs(of: parallel))
    #expect(a.losses.count == 4 && b.losses.count == 4)
    for (x, y) in zip(a.losses, b.losses) { #expect(abs(x - y) < 0.05, "\(a.losses) \(b.losses)") }
    let names = a.scores.keys.sorted()
    #expect(names.count == 20 && Set(names) == Set(b.scores.keys))
    let rho = spearman(names.map { a.scores[$0]! }, names.map { b.scores[$0]! })
    #expect(rho >= 0.5, "Spearman \(rho)")

    // A resume with another process count, and a batch that does not split, are refused (exit 2).
    let resumed = try cairn(
      ["supernet", "train", config.path, "--run-dir", parallel.path, "--threads", "1"])
    #expect(resumed.status == 2)
    #expect(resumed.error.contains("was trained by 2 processes; resume it with mpirun -np 2"))
    let three = try await cairnUnderMPI(
      ranks: 3,
      ["supernet", "train", config.path, "--run-dir", directory.appendingPathComponent("3").path])
    #expect(three.status == 2)
    #expect(three.error.contains("a batch of 32 cannot be split among 3 processes"))
  }

  /// `mpirun -np 2 cairn bench build` records the rows one process records, through staging stores that rank 0
  /// merges; a second run finds every job recorded and no staging store left.
  @Test func twoProcessesBuildTheStoreOneProcessBuilds() async throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let helper = BenchBuildCommandTests()
    var stores: [String] = []
    for ranks in [1, 2] {
      let (plan, store, _) = try helper.plan("build-\(ranks)", in: directory)
      let arguments = ["bench", "build", plan, "--threads", "1"]
      let result =
        ranks == 1 ? try cairn(arguments) : try await cairnUnderMPI(ranks: ranks, arguments)
      #expect(result.status == 0, "\(result.error)")
      stores.append(store)
      if ranks == 2 {
        #expect(result.output.contains("merged 4 rows of 2 processes into \(store)"))
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(!files.contains { $0.contains(".rank-") }, "\(files)")
        let again = try await cairnUnderMPI(ranks: 2, arguments)
        #expect(again.output.contains("merged 0 rows"), "\(again.output)")
      }
    }
    // space, architecture, dataset, protocol, seed, accuracy, epochs: the same rows.
    let rows = try stores.map { store in
      try cairn(["bench", "export", "--space", "nb201", "--dataset", "cifar10", "--store", store])
        .output.split(separator: "\n").map {
          $0.split(separator: ",").prefix(7).joined(separator: ",")
        }
    }
    #expect(rows[0].count == 5)
    #expect(rows[0] == rows[1])
  }
}

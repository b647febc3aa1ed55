import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `cairn bench build`, `status` and `export` on a build of 4 jobs of a few training steps each.
@Suite struct BenchBuildCommandTests {
  /// 3 sampled NB201 cells with seed 0, the first also with seed 1; 2 epochs of 2 steps each, so a job has a
  /// checkpoint (after its first epoch) before it finishes.
  let tiny = """
    space: nb201
    dataset: cifar10
    epochs: 2
    channels: 2
    cells_per_stage: 1
    batch_size: 8
    limit: 16
    architectures:
      sample: {count: 3, seed: 4}
    seeds: [0]
    extra_seeds: {architectures: 1, seeds: [1]}
    """

  /// A plan file `<name>.yaml` in `directory` recording in `<name>.sqlite`, training under `<name>-runs`.
  func plan(_ name: String, in directory: URL, text: String? = nil) throws -> (
    plan: String, store: String, runs: URL
  ) {
    let store = directory.appendingPathComponent("\(name).sqlite").path
    let runs = directory.appendingPathComponent("\(name)-runs")
    let url = directory.appendingPathComponent("\(name).yaml")
    try ((text ?? tiny) + "\nstore: '\(store)'\nruns: '\(runs.path)'\n").write(
      to: url, atomically: true, encoding: .utf8)
    return (url.path, store, runs)
  }

  func build(_ plan: String, _ extra: [String] = []) throws -> CommandResult {
    try cairn(["bench", "build", plan, "--threads", "1"] + extra)
  }

  /// The store's rows as `cairn bench export` writes them (architecture, seed, accuracy to the last bit).
  func export(_ store: String) throws -> String {
    let result = try cairn([
      "bench", "export", "--space", "nb201", "--dataset", "cifar10", "--store", store,
    ])
    #expect(result.status == 0, "\(result.error)")
    return result.output
  }

  /// Whether any file called `name` exists under `directory`.
  func exists(_ name: String, under directory: URL) -> Bool {
    guard let files = FileManager.default.enumerator(atPath: directory.path) else { return false }
    return files.contains { ($0 as? String)?.hasSuffix("/" + name) == true }
  }

  /// Starts a build and sends it `signal` as soon as a job's first checkpoint exists; returns the ended process,
  /// its standard error and whether that job had finished (written result.json) by then.
  func build(_ plan: String, runs: URL, signalledAtTheFirstCheckpoint signal: Int32) throws -> (
    process: Process, error: String, finishedFirstJob: Bool
  ) {
    let process = Process()
    process.executableURL = cairnExecutable
    process.arguments = ["bench", "build", plan, "--threads", "1"]
    let errors = Pipe()
    process.standardOutput = FileHandle.nullDevice
    process.standardError = errors
    try process.run()
    let deadline = Date().addingTimeInterval(120)
    while process.isRunning && !exists("latest.safetensors", under: runs) && Date() < deadline {
      usleep(2_000)
    }
    kill(process.processIdentifier, signal)
    let error = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process, error, exists("result.json", under: runs))
  }

  @Test func killedResumedAndShardedBuildsRecordTheRowsOfAnUninterruptedOne() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }

    // Uninterrupted.
    let straight = try plan("straight", in: directory)
    let first = try build(straight.plan)
    #expect(first.status == 0, "\(first.error)")
    #expect(
      first.output.contains("4 trained, 0 already recorded, 0 failed of 4 jobs"), "\(first.output)")
    let reference = try export(straight.store)
    #expect(reference.split(separator: "\n").count == 5)
    let protocolHash = try #require(reference.split(separator: "\n").last?.split(separator: ",")[3])
    let exported = try cairn([
      "bench", "export", "--space", "nb201", "--dataset", "cifar10", "--store", straight.store,
      "--protocol", String(protocolHash.prefix(8)),
    ])
    #expect(exported.output == reference, "\(exported.error)")
    let unknown = try cairn([
      "bench", "export", "--space", "nb201", "--dataset", "cifar10", "--store", straight.store,
      "--protocol", "zzzzzzzz",
    ])
    #expect(unknown.status == 2 && unknown.error.contains("protocols present: \(protocolHash)"))
    let again = try build(straight.plan)
    #expect(again.output.contains("0 trained, 4 already recorded"), "\(again.output)")

    // One job recorded beforehand by `cairn train --record` with the same options, then killed with SIGKILL at
    // the first checkpoint, then resumed.
    let killed = try plan("killed", in: directory)
    let row = try #require(
      reference.split(separator: "\n").dropFirst().first { $0.contains(",0,") })
    let architecture = String(row.split(separator: ",")[1])
    let trained = try cairn([
      "train", "--arch", architecture, "--epochs", "2", "--channels", "2", "--cells", "1",
      "--batch-size", "8", "--limit", "16", "--seed", "0", "--threads", "1", "--record", "--store",
      killed.store, "--run-dir", directory.appendingPathComponent("train").path,
    ])
    #expect(trained.status == 0, "\(trained.error)")
    let kill = try build(killed.plan, runs: killed.runs, signalledAtTheFirstCheckpoint: SIGKILL)
    #expect(
      kill.process.terminationReason == .uncaughtSignal, "the build ended before it was killed")
    let status = try cairn(["bench", "status", killed.plan])
    #expect(status.output.contains("4 jobs: "), "\(status.output)")
    #expect(!status.output.contains("0 pending"), "the build was killed after its last job")
    let resumed = try build(killed.plan)
    #expect(resumed.status == 0, "\(resumed.error)")
    if !kill.finishedFirstJob {
      #expect(resumed.error.contains("resuming from epoch 2, step 0"), "\(resumed.error)")
    }
    #expect(try export(killed.store) == reference)

    // Two shards at once into one store.
    let sharded = try plan("sharded", in: directory)
    let shards = try ["0/2", "1/2"].map { shard in
      let process = Process()
      process.executableURL = cairnExecutable
      process.arguments = ["bench", "build", sharded.plan, "--threads", "1", "--shard", shard]
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      return process
    }
    for process in shards {
      process.waitUntilExit()
      #expect(process.terminationStatus == 0)
    }
    #expect(try export(sharded.store) == reference)
    let perShard = try cairn(["bench", "status", sharded.plan, "--shards", "2"])
    #expect(
      perShard.output.contains("shard 1/2: 2 jobs, 2 recorded, 0 pending"), "\(perShard.output)")

    // Export → import into an empty store → export gives the same bytes.
    let csv = directory.appendingPathComponent("export.csv").path
    let written = try cairn([
      "bench", "export", "--space", "nb201", "--dataset", "cifar10", "--store", straight.store,
      "--output", csv,
    ])
    #expect(written.status == 0, "\(written.error)")
    let empty = directory.appendingPathComponent("empty.sqlite").path
    #expect(try cairn(["bench", "import", csv, "--store", empty]).status == 0)
    #expect(try export(empty) == reference)
    #expect(try String(contentsOfFile: csv, encoding: .utf8) == reference)
  }

  @Test func sigtermStopsTheBuildWithACheckpoint() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let stopped = try plan("stopped", in: directory)
    let term = try build(stopped.plan, runs: stopped.runs, signalledAtTheFirstCheckpoint: SIGTERM)
    #expect(term.process.terminationStatus == 130, "\(term.error)")
    #expect(term.error.hasSuffix("run the same command again to resume\n"), "\(term.error)")
    let status = try cairn(["bench", "status", stopped.plan])
    #expect(!status.output.contains("0 pending"), "the build was stopped after its last job")
    let resumed = try build(stopped.plan)
    #expect(resumed.status == 0, "\(resumed.error)")
    #expect(try cairn(["bench", "status", stopped.plan]).output.contains("4 recorded, 0 pending"))
  }

  @Test func aFailingJobIsReportedAndTheBuildGoesOn() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    // A learning rate this large makes the networks diverge.
    let diverging = try plan(
      "diverging", in: directory,
      text: tiny.replacingOccurrences(of: "epochs: 2", with: "epochs: 1\nlearning_rate: 1e30"))
    let result = try build(diverging.plan)
    #expect(result.status == 1)
    #expect(result.error.contains("[1/4] "), "\(result.error)")
    #expect(result.error.contains("[4/4] "), "\(result.error)")
    #expect(result.error.contains("FAILED"), "\(result.error)")
    #expect(result.error.hasSuffix("run again to retry them\n"), "\(result.error)")
    #expect(result.output.contains("0 trained, 0 already recorded, 4 failed of 4 jobs"))
  }

  @Test func badPlansAndShardsExitWithCodeTwoAndOneLine() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let cases: [(text: String, arguments: [String], mentions: [String])] = [
      (tiny + "\nepocs: 3\n", [], ["unknown key 'epocs'", "'epochs'"]),
      (tiny, ["--shard", "3/2"], ["shard 3/2", "0...1"]),
      (tiny, ["--shard", "1/0"], ["shard 1/0"]),
      (tiny, ["--shard", "half"], ["shard 'half'"]),
      (
        tiny.replacingOccurrences(of: "sample: {count: 3, seed: 4}", with: "[]"), [],
        ["key 'architectures' lists no architecture"]
      ),
      (
        tiny.replacingOccurrences(of: "count: 3", with: "count: 20000"), [],
        ["cannot sample 20000 distinct architectures", "15625"]
      ),
    ]
    for (number, entry) in cases.enumerated() {
      let file = try plan("bad\(number)", in: directory, text: entry.text)
      let result = try build(file.plan, entry.arguments)
      #expect(result.status == 2, "\(entry.mentions): \(result.error)")
      #expect(result.error.split(separator: "\n").count == 1, "\(result.error)")
      for text in entry.mentions { #expect(result.error.contains(text), "\(result.error)") }
      #expect(!FileManager.default.fileExists(atPath: file.store))
    }
    let missing = try cairn([
      "bench", "export", "--space", "nb201", "--dataset", "cifar10", "--store",
      directory.appendingPathComponent("none.sqlite").path,
    ])
    #expect(missing.status == 2 && missing.error.contains("no results store"))
  }

  @Test func aBuiltBenchmarkIsGroundTruthForRankAndSupernets() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    // Twelve cells with made-up accuracies under protocol feedc0de12345678, in the default store of `directory`.
    let cells = (0..<12).map { index in
      let ops = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"]
      return "|\(ops[index % 5])~0|+|nor_conv_3x3~0|\(ops[(index / 5) % 5])~1|+|skip_connect~0|"
        + "nor_conv_3x3~1|\(ops[(index + 2) % 5])~2|"
    }
    let rows = cells.enumerated().map { "nb201,\($1),cifar10,feedc0de12345678,0,\(50 + $0)" }
    let csv = directory.appendingPathComponent("built.csv")
    try ("space,arch,dataset,config_hash,seed,accuracy\n" + rows.joined(separator: "\n")).write(
      to: csv, atomically: true, encoding: .utf8)
    #expect(
      try cairn(["bench", "import", csv.path], directory: directory).status == 0)
    let truth = "nb201:cifar10_standalone_acc@feedc0de"

    let scores = directory.appendingPathComponent("scores.csv")
    try ("arch,score\n" + cells.enumerated().map { "\($1),\($0)" }.joined(separator: "\n")).write(
      to: scores, atomically: true, encoding: .utf8)
    let ranked = try cairn(
      ["rank", scores.path, "--truth", truth, "--bootstrap", "0", "--top-k", "3", "--json"],
      directory: directory)
    #expect(ranked.status == 0, "\(ranked.error)")
    let report = try JSONSerialization.jsonObject(with: Data(ranked.output.utf8)) as? [String: Any]
    // The scores order the cells as their accuracies do.
    let tau = (report?["kendallTau"] as? [String: Any])?["value"] as? Double
    #expect(abs((tau ?? 0) - 1) < 1e-9, "\(ranked.output)")
    let unknown = try cairn(
      ["rank", scores.path, "--truth", "nb201:cifar10_standalone_acc@feedbeef"],
      directory: directory)
    #expect(unknown.status == 2)
    #expect(unknown.error.contains("protocols present: feedc0de12345678"), "\(unknown.error)")

    let config = directory.appendingPathComponent("supernet.yaml")
    try """
    truth: \(truth)
    limit: 32
    supernet: {channels: 2, cells_per_stage: 1}
    training: {epochs: 1, batch_size: 16}
    landmarks: {enabled: true, count: 4, weight: 1, warmup_epochs: 0, schedule: constant}
    evaluation: {every: 1, pool_size: 6, scoring_batches: 1, top_k: 3, bootstrap: 0}
    """.write(to: config, atomically: true, encoding: .utf8)
    let trained = try cairn(
      ["supernet", "train", config.path, "--run-dir", "run", "--threads", "1"], directory: directory
    )
    #expect(trained.status == 0, "\(trained.error)")
    let pool = try String(
      contentsOf: directory.appendingPathComponent("run/scores.csv"), encoding: .utf8)
    #expect(pool.split(separator: "\n").count == 7, "\(pool)")
  }

  @Test func theResultsStoreEnvironmentVariableMovesTheDefaultStore() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let store = directory.appendingPathComponent("elsewhere/results.sqlite").path
    let cells = [
      "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|",
      "|skip_connect~0|+|none~0|none~1|+|none~0|none~1|none~2|",
    ]
    let csv = directory.appendingPathComponent("rows.csv")
    try
      ("space,arch,dataset,config_hash,seed,accuracy\n"
      + cells.enumerated().map { "nb201,\($1),cifar10,abcdef0123456789,0,\(10 + $0)" }
      .joined(separator: "\n")).write(to: csv, atomically: true, encoding: .utf8)
    let environment = ["CAIRN_RESULTS_STORE": store]
    let imported = try cairn(
      ["bench", "import", csv.path], environment: environment, directory: directory)
    #expect(imported.status == 0, "\(imported.error)")
    #expect(FileManager.default.fileExists(atPath: store))
    let exported = try cairn(
      ["bench", "export", "--space", "nb201", "--dataset", "cifar10"], environment: environment,
      directory: directory)
    #expect(exported.status == 0, "\(exported.error)")
    #expect(exported.output.contains("abcdef0123456789"), "\(exported.output)")
    let elsewhere = try cairn(
      ["bench", "export", "--space", "nb201", "--dataset", "cifar10"], directory: directory)
    #expect(
      elsewhere.status == 2, "the default store is not the environment's: \(elsewhere.output)")
  }
}

import Foundation
import Testing

/// `cairn supernet train`, `cairn experiment` and `cairn rank RUN_DIR` on seconds-long configurations.
@Suite struct SupernetCommandTests {
  let tiny = """
    truth: nb201:cifar10_test_acc_200ep
    limit: 64
    supernet: {channels: 4, cells_per_stage: 1}
    training: {epochs: 1, batch_size: 16}
    landmarks: {count: 4, weight: 1, warmup_epochs: 0, schedule: constant}
    evaluation: {every: 1, pool_size: 6, scoring_batches: 1, top_k: 3, bootstrap: 0}
    """

  func write(_ text: String, named name: String, in directory: URL) throws -> String {
    let url = directory.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
  }

  func expectBadInput(_ arguments: [String], mentions: [String]) throws {
    let result = try cairn(arguments)
    #expect(result.status == 2, "\(arguments): status \(result.status), stderr \(result.error)")
    #expect(result.error.split(separator: "\n").count == 1, "\(result.error)")
    for text in mentions { #expect(result.error.contains(text), "\(result.error)") }
  }

  @Test func badConfigurationsExitWithCodeTwo() throws {
    let directory = try temporaryDirectory()
    let run = directory.appendingPathComponent("run").path
    let typo = try write(
      tiny + "\nlandmarks_: {}\n", named: "typo.yaml", in: directory)
    try expectBadInput(
      ["supernet", "train", typo, "--run-dir", run],
      mentions: ["typo.yaml", "landmarks_", "'landmarks'"])
    let nested = try write(
      tiny.replacingOccurrences(of: "weight: 1", with: "wieght: 1"), named: "nested.yaml",
      in: directory)
    try expectBadInput(
      ["supernet", "train", nested, "--run-dir", run],
      mentions: ["nested.yaml", "landmarks.weight"])
    let negative = try write(
      tiny.replacingOccurrences(of: "weight: 1", with: "weight: -1") + "\n", named: "negative.yaml",
      in: directory)
    try expectBadInput(
      ["supernet", "train", negative, "--run-dir", run], mentions: ["landmarks.weight", "-1"])
    let huge = try write(
      tiny.replacingOccurrences(of: "count: 4", with: "count: 16000"), named: "huge.yaml",
      in: directory)
    try expectBadInput(
      ["supernet", "train", huge, "--run-dir", run], mentions: ["landmarks.count", "15625"])
    let noStore = try write(
      tiny.replacingOccurrences(
        of: "count: 4,",
        with: "count: 4, enabled: true, source: store, store: \(directory.path)/none.sqlite,"),
      named: "nostore.yaml", in: directory)
    try expectBadInput(
      ["supernet", "train", noStore, "--run-dir", run],
      mentions: ["none.sqlite", "no results store"])
    #expect(!FileManager.default.fileExists(atPath: run + "/checkpoint"))
  }

  @Test func landmarksMissingFromTheStoreAreNamed() throws {
    let directory = try temporaryDirectory()
    let known =
      "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|"
    let other = "|none~0|+|none~0|none~1|+|none~0|none~1|nor_conv_3x3~2|"
    let missing = "|avg_pool_3x3~0|+|none~0|none~1|+|none~0|none~1|nor_conv_3x3~2|"
    let csv = try write(
      "space,arch,dataset,config_hash,seed,accuracy\nnb201,\(known),cifar10,p1,0,90\nnb201,\(other),cifar10,p1,0,30\n",
      named: "results.csv", in: directory)
    let store = directory.appendingPathComponent("results.sqlite").path
    #expect(try cairn(["bench", "import", csv, "--store", store]).status == 0)
    let config = try write(
      tiny.replacingOccurrences(
        of: "count: 4,",
        with:
          "enabled: true, source: store, store: '\(store)', architectures: ['\(known)', '\(missing)'],"
      ),
      named: "missing.yaml", in: directory)
    try expectBadInput(
      ["supernet", "train", config, "--run-dir", directory.appendingPathComponent("run").path],
      mentions: [missing, "has no value", "results.sqlite"])
    // The two stored architectures work as landmarks.
    let present = try write(
      tiny.replacingOccurrences(
        of: "count: 4,",
        with:
          "enabled: true, source: store, store: '\(store)', architectures: ['\(known)', '\(other)'],"
      ),
      named: "present.yaml", in: directory)
    let run = directory.appendingPathComponent("ok")
    let result = try cairn(["supernet", "train", present, "--run-dir", run.path])
    #expect(result.status == 0, "\(result.error)")
    let landmarks = try String(
      contentsOf: run.appendingPathComponent("landmarks.csv"), encoding: .utf8)
    #expect(landmarks == "arch,ground_truth\n\(other),30.0\n\(known),90.0\n")
  }

  @Test func experimentWritesTheComparisonAndRankRescoresARun() throws {
    let directory = try temporaryDirectory()
    let indented = tiny.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
    let plan = try write(
      "name: cli\nseeds: [0]\nbootstrap: 50\nbase:\n\(indented)\narms:\n  spos: {}\n  landmarks:\n    landmarks: {enabled: true}\n",
      named: "plan.yaml", in: directory)
    let run = directory.appendingPathComponent("experiment")
    let result = try cairn(["experiment", plan, "--run-dir", run.path])
    #expect(result.status == 0, "\(result.error)")
    #expect(result.output.contains("| spos"))
    #expect(result.output.contains("| landmarks"))
    #expect(result.output.contains("report: \(run.path)/report.html"))
    let html = try String(contentsOf: run.appendingPathComponent("report.html"), encoding: .utf8)
    #expect(html.contains("<svg"))
    #expect(
      FileManager.default.fileExists(atPath: run.appendingPathComponent("comparison.csv").path))

    let cell = run.appendingPathComponent("landmarks/seed-0")
    let scoresBefore = try String(
      contentsOf: cell.appendingPathComponent("scores.csv"), encoding: .utf8)
    let ranked = try cairn(["rank", cell.path])
    #expect(ranked.status == 0, "\(ranked.error)")
    #expect(ranked.output.contains("Kendall tau-b"))
    let scoresAfter = try String(
      contentsOf: cell.appendingPathComponent("scores.csv"), encoding: .utf8)
    #expect(scoresAfter == scoresBefore)
    try expectBadInput(["rank", directory.path], mentions: ["config.json"])

    // A search over the trained super-net, then a replay from its score cache.
    let search = try write(
      "supernet_run: '\(cell.path)'\nbudget: 6\npopulation: 3\ntournament: 2\n",
      named: "search.yaml",
      in: directory)
    let searchRun = directory.appendingPathComponent("search").path
    let searched = try cairn(["search", search, "--run-dir", searchRun])
    #expect(searched.status == 0, "\(searched.error)")
    #expect(searched.output.contains("supernet scorer"))
    #expect(searched.output.contains("ground truth (nb201:cifar10_test_acc_200ep)"))
    let replayed = try cairn(["search", search, "--run-dir", searchRun])
    #expect(
      replayed.output.split(separator: "\n").prefix(3)
        == searched.output.split(separator: "\n").prefix(3))

    // A changed plan in the same directory is refused rather than mixed with the old cells.
    let changed = try write(
      try String(contentsOfFile: plan, encoding: .utf8).replacingOccurrences(
        of: "seeds: [0]", with: "seeds: [1]"),
      named: "changed.yaml", in: directory)
    try expectBadInput(
      ["experiment", changed, "--run-dir", run.path], mentions: ["different experiment plan"])
  }

  /// Two shards of an experiment train its cells between them; the second to finish writes the comparison an
  /// unsharded run writes.
  @Test func shardedExperimentsWriteTheUnshardedComparison() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let indented = tiny.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
    let plan = try write(
      "name: cli\nseeds: [0]\nbootstrap: 50\nbase:\n\(indented)\narms:\n  spos: {}\n  landmarks:\n    landmarks: {enabled: true}\n",
      named: "plan.yaml", in: directory)
    let whole = directory.appendingPathComponent("whole")
    #expect(try cairn(["experiment", plan, "--run-dir", whole.path]).status == 0)
    let sharded = directory.appendingPathComponent("sharded")
    let first = try cairn(["experiment", plan, "--run-dir", sharded.path, "--shard", "1/2"])
    #expect(first.status == 0, "\(first.error)")
    #expect(first.output.contains("shard 1/2 is done"), "\(first.output)")
    #expect(
      !FileManager.default.fileExists(
        atPath: sharded.appendingPathComponent("comparison.csv").path))
    let second = try cairn(["experiment", plan, "--run-dir", sharded.path, "--shard", "0/2"])
    #expect(second.status == 0, "\(second.error)")
    #expect(second.output.contains("| spos"), "\(second.output)")
    let comparison = { (run: URL) in
      try String(contentsOf: run.appendingPathComponent("comparison.csv"), encoding: .utf8)
    }
    #expect(try comparison(sharded) == comparison(whole))
    try expectBadInput(
      ["experiment", plan, "--run-dir", sharded.path, "--shard", "2/2"], mentions: ["0...1"])
  }
}

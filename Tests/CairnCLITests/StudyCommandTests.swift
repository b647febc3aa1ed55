import Foundation
import Testing

/// `cairn study` end to end on a seconds-long grid: two heuristics × two seeds.
@Suite struct StudyCommandTests {
  let plan = """
    name: smoke
    seeds: [0, 1]
    bootstrap: 50
    base:
      truth: nb201:cifar10_test_acc_200ep
      limit: 64
      supernet: {channels: 4, cells_per_stage: 1}
      training: {epochs: 1, batch_size: 16}
      evaluation: {every: 1, pool_size: 6, scoring_batches: 1, top_k: 3, bootstrap: 0}
    heuristics:
      bn-running-statistics: catalog
      label-smoothing:
        eps-0.1: {training: {label_smoothing: 0.1}}
    """

  func write(_ text: String, named name: String, in directory: URL) throws -> String {
    let url = directory.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
  }

  @Test func aTwoHeuristicStudyWritesItsTablesVerdictsAndPlots() throws {
    let directory = try temporaryDirectory()
    let path = try write(plan, named: "study.yaml", in: directory)
    let run = directory.appendingPathComponent("study")
    let result = try cairn(["study", path, "--run-dir", run.path, "--threads", "1"])
    #expect(result.status == 0, "\(result.error)")
    #expect(result.output.contains("bn-running-statistics: "))
    #expect(result.output.contains("label-smoothing: "))
    let markdown = try String(contentsOf: run.appendingPathComponent("study.md"), encoding: .utf8)
    let cells = markdown.split(separator: "\n").map {
      $0.split(separator: "|").prefix(2).map { $0.trimmingCharacters(in: .whitespaces) }
    }
    #expect(cells.contains(["bn-running-statistics", "tracked"]))
    #expect(cells.contains(["label-smoothing", "eps-0.1"]))
    #expect(cells.contains(["(baseline)", "baseline"]))
    let csv = try String(contentsOf: run.appendingPathComponent("study.csv"), encoding: .utf8)
    // A header, then 3 arms × 6 metrics.
    #expect(csv.split(separator: "\n").count == 1 + 3 * 6)
    let html = try String(contentsOf: run.appendingPathComponent("study.html"), encoding: .utf8)
    #expect(html.components(separatedBy: "<svg").count - 1 == 6)
    for arm in ["baseline", "bn-running-statistics=tracked", "label-smoothing=eps-0.1"] {
      for seed in [0, 1] {
        let cell = run.appendingPathComponent("\(arm)/seed-\(seed)/result.json")
        #expect(FileManager.default.fileExists(atPath: cell.path), "\(cell.path)")
      }
    }
    // Again, with the checkpoints gone (outputs kept without them): every cell is read back, nothing
    // retrains, the same study comes out.
    for arm in ["baseline", "bn-running-statistics=tracked", "label-smoothing=eps-0.1"] {
      for seed in [0, 1] {
        try FileManager.default.removeItem(
          at: run.appendingPathComponent("\(arm)/seed-\(seed)/checkpoint"))
      }
    }
    let again = try cairn(["study", path, "--run-dir", run.path, "--threads", "1"])
    #expect(again.status == 0, "\(again.error)")
    #expect(!again.error.contains("[1/6]"), "\(again.error)")
    #expect(
      try String(contentsOf: run.appendingPathComponent("study.md"), encoding: .utf8) == markdown)
  }

  @Test func badStudyPlansExitWithCodeTwo() throws {
    let directory = try temporaryDirectory()
    let cases: [(String, [String])] = [
      (
        plan.replacingOccurrences(
          of: "bn-running-statistics: catalog", with: "bn-runing-statistics: catalog"),
        ["unknown heuristic 'bn-runing-statistics'", "did you mean 'bn-running-statistics'"]
      ),
      (
        plan.replacingOccurrences(of: "label_smoothing: 0.1", with: "label_smoothing: 0"),
        ["heuristics.label-smoothing.eps-0.1 is the same configuration as the baseline"]
      ),
      (
        plan.replacingOccurrences(of: "label_smoothing: 0.1", with: "label_smoothing: 2"),
        ["training.label_smoothing"]
      ),
      (plan.replacingOccurrences(of: ": catalog", with: ": 3"), ["must be 'catalog'"]),
      (plan + "\nextra: 1\n", ["unknown key 'extra'"]),
    ]
    for (index, (text, mentions)) in cases.enumerated() {
      let path = try write(text, named: "bad\(index).yaml", in: directory)
      let result = try cairn([
        "study", path, "--run-dir", directory.appendingPathComponent("r").path,
      ])
      #expect(result.status == 2, "case \(index): \(result.error)")
      #expect(result.error.split(separator: "\n").count == 1, "case \(index): \(result.error)")
      for text in mentions + ["bad\(index).yaml"] {
        #expect(result.error.contains(text), "case \(index): \(result.error)")
      }
    }
  }
}

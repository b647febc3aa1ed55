import CairnCore
import CairnReport
import CairnSupernet
import CairnTraining
import Foundation

/// One run of an experiment grid.
public struct ExperimentCell: Sendable {
  public var arm: String
  public var seed: UInt64
  public var configuration: SupernetConfiguration
  public var directory: RunDirectory
}

/// What one finished cell left behind: the final evaluation and the per-epoch metrics.
public struct ExperimentCellResult: Sendable {
  public var cell: ExperimentCell
  public var result: SupernetEvaluationResult
  /// metrics.jsonl, one dictionary per line.
  public var events: [[String: Double]]
}

/// Runs an `ExperimentPlan`: every (seed, arm) cell as a super-net run in `<directory>/<arm>/seed-<s>`, seed by
/// seed so that a stopped experiment already holds paired arms, then writes the comparison table and report.
///
/// Running again with the same directory resumes: finished cells are read back, the interrupted one resumes
/// from its checkpoint. The plan is saved as plan.json; a different plan in the same directory is an error.
public final class Experiment {
  public let plan: ExperimentPlan
  public let directory: URL
  /// Called before each cell starts (or resumes): cell number (1-based), cell count, cell.
  public var onCell: ((Int, Int, ExperimentCell) -> Void)?
  /// Passed to every cell's trainer.
  public var onProgress: ((TrainingProgress) -> Void)?
  public var onLog: ((String) -> Void)?

  public init(plan: ExperimentPlan, directory: String) {
    self.plan = plan
    self.directory = URL(fileURLWithPath: directory)
  }

  /// The cells in run order: for each seed, every arm. An arm with `after` starts from its predecessor's
  /// directory of the same seed.
  public var cells: [ExperimentCell] {
    plan.seeds.flatMap { seed in
      plan.arms.map { arm in
        var configuration = plan.configuration(arm: arm, seed: seed)
        if let after = arm.after {
          configuration.initialization = cellDirectory(after, seed).url.path
        }
        return ExperimentCell(
          arm: arm.name, seed: seed, configuration: configuration,
          directory: cellDirectory(arm.name, seed))
      }
    }
  }

  func cellDirectory(_ arm: String, _ seed: UInt64) -> RunDirectory {
    RunDirectory(
      directory.appendingPathComponent(arm).appendingPathComponent("seed-\(seed)").path)
  }

  /// Whether `shard` trains cell `number`: every n-th cell, or every n-th seed's cells when arms are chained
  /// (a stage needs the one before it).
  func shard(_ shard: Shard, contains number: Int) -> Bool {
    shard.contains(plan.chainsArms ? number / plan.arms.count : number)
  }

  /// Trains every cell that has not finished, then writes comparison.md, comparison.csv and report.html.
  public func run() throws -> ExperimentSummary {
    guard let summary = try run(shard: .all) else {
      throw CairnError.invalidInput("the experiment in \(directory.path) has unfinished cells")
    }
    return summary
  }

  /// Trains the unfinished cells of `shard` (cell numbers ≡ i mod n in run order; seed numbers when arms are
  /// chained with `after`), so that several processes
  /// or machines can share one experiment directory; then, when every cell of the plan is finished (the other
  /// shards' too), writes comparison.md, comparison.csv and report.html and returns the summary, else nil.
  public func run(shard: Shard) throws -> ExperimentSummary? {
    try savePlan()
    let cells = cells
    let started = Date()
    var trained: [Int: SupernetEvaluationResult] = [:]
    // A finished cell is read back below, also when its checkpoint is gone (outputs kept without checkpoints).
    for (number, cell) in cells.enumerated()
    where self.shard(shard, contains: number)
      && !FileManager.default.fileExists(atPath: cell.directory.resultURL.path)
    {
      onCell?(number + 1, cells.count, cell)
      let trainer = try SupernetTrainer(
        configuration: cell.configuration, runDirectory: cell.directory)
      trainer.onProgress = onProgress
      trainer.onLog = onLog
      trained[number] = try trainer.train()
    }
    // Other shards' cells are looked for only now, after this shard's own training, so that shards finishing
    // at about the same time still see each other's results.
    var results: [ExperimentCellResult] = []
    for (number, cell) in cells.enumerated() {
      let result: SupernetEvaluationResult
      if let own = trained[number] {
        result = own
      } else if FileManager.default.fileExists(atPath: cell.directory.resultURL.path) {
        result = try SupernetTrainer.savedResult(in: cell.directory)
      } else {
        continue  // another shard's cell, not finished yet
      }
      results.append(
        ExperimentCellResult(
          cell: cell, result: result, events: try Self.events(in: cell.directory)))
    }
    guard results.count == cells.count else { return nil }
    let summary = try ExperimentSummary(plan: plan, results: results)
    try summary.write(to: directory, wallSeconds: Date().timeIntervalSince(started))
    return summary
  }

  /// Builds every cell's trainer without training, so that a bad configuration stops the grid before its first
  /// cell rather than in the middle.
  public func checkCells() throws {
    for cell in cells {
      _ = try SupernetTrainer(configuration: cell.configuration, runDirectory: cell.directory)
    }
  }

  /// Prepares the run directory (`AtomicFile.prepareDirectory`), then writes plan.json, or checks that the
  /// directory's plan is this one.
  func savePlan() throws {
    try AtomicFile.prepareDirectory(directory)
    let url = directory.appendingPathComponent("plan.json")
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    let data = try encoder.encode(plan)
    if let existing = try? Data(contentsOf: url) {
      guard let saved = try? JSONDecoder().decode(ExperimentPlan.self, from: existing),
        saved == plan
      else {
        throw CairnError.invalidInput(
          "\(directory.path) holds a different experiment plan (plan.json); use another run directory"
        )
      }
      return
    }
    try AtomicFile.write(data, to: url)
  }

  /// The numeric fields of each line of a run's metrics.jsonl; `architecture_weights` (rows of numbers) as
  /// `architecture_weights.<row>.<column>`.
  static func events(in run: RunDirectory) throws -> [[String: Double]] {
    run.metricsLines().compactMap { line in
      guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
      else { return nil }
      var event = object.compactMapValues { ($0 as? NSNumber)?.doubleValue }
      if let rows = object["architecture_weights"] as? [[NSNumber]] {
        for (row, values) in rows.enumerated() {
          for (column, value) in values.enumerated() {
            event["architecture_weights.\(row).\(column)"] = value.doubleValue
          }
        }
      }
      return event
    }
  }
}
extension Experiment: ReportsProgress {}

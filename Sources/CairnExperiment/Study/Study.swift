import CairnCore
import Foundation

/// Runs a `StudyPlan`: its grid as an `Experiment` (resumable, shardable, refusing a changed plan, one run
/// directory per cell), then study.md, study.csv and study.html beside the experiment's own comparison.
public final class Study {
  public let plan: StudyPlan
  /// The grid every cell of the study runs in.
  public let experiment: Experiment

  public init(plan: StudyPlan, directory: String) {
    self.plan = plan
    experiment = Experiment(plan: plan.experiment, directory: directory)
  }

  /// Trains the unfinished cells of `shard`; when every cell of the grid is finished, writes the study's
  /// files and returns its summary, else nil.
  public func run(shard: Shard = .all) throws -> StudySummary? {
    guard let grid = try experiment.run(shard: shard) else { return nil }
    let summary = StudySummary(plan: plan, results: grid.results)
    try summary.write(to: experiment.directory)
    return summary
  }
}

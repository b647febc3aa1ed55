import ArgumentParser
import CairnCore
import CairnExperiment
import CairnSupernet
import Foundation

/// `cairn experiment`: a grid of super-net runs (arms × seeds), their comparison table and an HTML report.
struct ExperimentCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "experiment",
    abstract: "Run a grid of super-net trainings (arms × seeds) and compare how well they rank.",
    discussion: """
      CONFIG names the seeds, a base super-net configuration and the arms, each a set of keys laid over the \
      base (see examples/quickstart.yaml). Every cell trains in <run-dir>/<arm>/seed-<s>; then comparison.md, \
      comparison.csv (mean ± std and a bootstrap interval over seeds of S-KdT, KdT, Spearman, Pearson, P@K) and \
      report.html (inline SVG plots) are written. Running the same command again resumes. With --shard i/n, \
      n processes (or machines sharing the directory) each train every n-th cell (every n-th seed's cells when \
      an arm starts from another with `after: <arm>`); the last to finish writes the comparison.
      """)

  @Argument(help: "The experiment's YAML file.") var config: String
  @Option(help: "The experiment directory (default: runs/<name>).") var runDir: String?
  @Option(help: "oneDNN threads (default: all cores).") var threads: Int?
  @Option(
    help:
      "Train only cells i, i+n, i+2n, … (0-based i/n) of the plan's cells (of its seeds when arms chain)."
  )
  var shard: String?

  func run() throws {
    try Cairn.reportingErrors {
      try ThreadOption.apply(threads)
      let shard = try shard.map { text throws(CairnError) in try Shard(parsing: text) } ?? .all
      let plan = try ExperimentPlan.load(from: URL(fileURLWithPath: config))
      let directory = runDir ?? "runs/\(plan.name)"
      let experiment = Experiment(plan: plan, directory: directory)
      // Check every cell's configuration before the first one starts training.
      try experiment.checkCells()
      let progress = ProgressBar.attached(to: experiment)
      experiment.onCell = { number, count, cell in
        progress.log(
          "[\(number)/\(count)] arm \(cell.arm), seed \(cell.seed): \(cell.directory.url.path)")
      }
      // Written unbuffered so that it precedes the progress lines on stderr.
      FileHandle.standardOutput.write(
        Data(
          "experiment '\(plan.name)': \(plan.arms.count) arm(s) × \(plan.seeds.count) seed(s), directory \(directory)\n"
            .utf8))
      let summary = try experiment.run(shard: shard)
      progress.finish()
      guard let summary else {
        print(
          "shard \(shard) is done; when every shard is, run any shard again to write the comparison"
        )
        return
      }
      print(summary.comparison.markdown())
      print("report: \(directory)/report.html")
    }
  }
}

import ArgumentParser
import CairnCore
import CairnData
import CairnExperiment
import CairnSupernet
import Foundation

/// `cairn study`: the super-net heuristics study — a baseline and each heuristic's variants, trained with every
/// seed, compared by paired differences over seeds.
struct StudyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "study",
    abstract: "Measure super-net training heuristics one at a time against a baseline.",
    discussion: """
      PLAN names the seeds, the baseline (a super-net configuration under 'base') and the heuristics, each with \
      the catalog's variants or variants of its own (see examples/study-nb201.yaml; --list-heuristics prints \
      the catalog). Every arm trains with every seed in <run-dir>/<arm>/seed-<s>, as `cairn experiment` does \
      (resumable, --shard i/n); then study.md, study.csv and study.html give each variant's S-KdT (both forms), \
      Kendall tau, P>R, final performance and super-net accuracy, its paired difference to the baseline with a \
      bootstrap interval over seeds, and a verdict per heuristic.
      """)

  @Argument(help: "The study plan (YAML).") var plan: String?
  @Option(help: "The study directory (default: runs/<name>).") var runDir: String?
  @Option(help: "oneDNN threads (default: all cores).") var threads: Int?
  @Option(help: "Train only cells i, i+n, i+2n, … (0-based i/n) of the grid.") var shard: String?
  @Flag(help: "Print the heuristics catalog and exit.") var listHeuristics = false
  @Flag(help: "Check the plan and print its arms, without training.") var dryRun = false

  func run() throws {
    try Cairn.reportingErrors {
      if listHeuristics {
        print(Self.catalog())
        return
      }
      guard let plan else {
        throw CairnError.invalidInput("give a study plan (or --list-heuristics)")
      }
      try ThreadOption.apply(threads)
      let shard = try shard.map { text throws(CairnError) in try Shard(parsing: text) } ?? .all
      let loaded = try StudyPlan.load(from: URL(fileURLWithPath: plan)) {
        (base) throws(CairnError) in
        try DatasetLocator.load(base.dataset, explicit: base.dataDirectory).train.count
      }
      let study = Study(plan: loaded, directory: runDir ?? "runs/\(loaded.name)")
      if dryRun {
        try study.experiment.checkCells()
        let arms = study.experiment.plan.arms.map(\.name)
        print(
          "\(arms.count) arms × \(loaded.seeds.count) seeds = \(arms.count * loaded.seeds.count) cells:"
        )
        print(arms.map { "  \($0)" }.joined(separator: "\n"))
        return
      }
      try run(study, shard: shard)
    }
  }

  private func run(_ study: Study, shard: Shard) throws {
    let experiment = study.experiment
    try experiment.checkCells()
    let progress = ProgressBar.attached(to: experiment)
    let started = Date()
    var startedCells = 0
    let ownCells = experiment.cells.indices.filter { shard.contains($0) }.count
    experiment.onCell = { number, count, cell in
      var line = "[\(number)/\(count)] \(cell.arm), seed \(cell.seed)"
      if startedCells > 0 {
        let perCell = Date().timeIntervalSince(started) / Double(startedCells)
        line += "; study ETA \(ProgressBar.duration(perCell * Double(ownCells - startedCells)))"
      }
      startedCells += 1
      progress.log(line)
    }
    FileHandle.standardOutput.write(
      Data(
        "study '\(study.plan.name)': \(study.plan.entries.count) heuristic(s), \(experiment.plan.arms.count) arm(s) × \(experiment.plan.seeds.count) seed(s), directory \(experiment.directory.path)\n"
          .utf8))
    let summary = try study.run(shard: shard)
    progress.finish()
    guard let summary else {
      print("shard \(shard) is done; when every shard is, run any shard again to write the study")
      return
    }
    print(summary.verdicts.map(\.line).joined(separator: "\n"))
    print("study: \(experiment.directory.path)/study.md, study.html")
  }

  /// The catalog: each heuristic's name, the seed's name and the keys it sets.
  static func catalog() -> String {
    SupernetHeuristic.allCases.map { heuristic in
      "\(heuristic.rawValue)\n    seed: \(heuristic.seedName)\n    keys: \(heuristic.keys.joined(separator: ", "))"
    }
    .joined(separator: "\n")
  }
}

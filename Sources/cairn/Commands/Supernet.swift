import ArgumentParser
import CairnCore
import CairnEngine
import CairnSupernet
import CairnTraining
import Foundation

/// `cairn supernet`: train weight-sharing super-nets and rank architectures with them.
struct Supernet: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Train a weight-sharing super-net (SPOS or FairNAS, optionally landmark-regularized).",
    subcommands: [TrainSupernet.self])

  struct TrainSupernet: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "train",
      abstract:
        "Train a super-net from a YAML configuration and rank an evaluation pool against ground truth.",
      discussion: """
        The run directory holds config.json (resolved), metrics.jsonl (one line per epoch, with KdT, S-KdT, \
        Spearman and P@K at evaluation epochs), landmarks.csv, scores.csv, ranking.json and an atomic \
        checkpoint. Running the same command again resumes.
        """)

    @Argument(help: "The YAML configuration file.") var config: String
    @Option(help: "The run directory (default: runs/<name>).") var runDir: String?
    @Option(help: "oneDNN threads (default: all cores).") var threads: Int?
    @Flag(help: "Time every oneDNN primitive and print where the time went.") var profile = false

    func run() throws {
      try Cairn.reportingErrors {
        try ThreadOption.apply(threads)
        let configuration = try SupernetConfiguration.load(from: URL(fileURLWithPath: config))
        let directory = runDir ?? "runs/\(configuration.name)"
        let trainer = try SupernetTrainer(
          configuration: configuration, runDirectory: RunDirectory(directory))
        let progress = ProgressBar.attached(to: trainer)
        print("training super-net '\(configuration.name)', run directory \(directory)")
        Profiler.isEnabled = profile
        let result = try trainer.train()
        progress.finish()
        if profile { ProfileReport.print() }
        print(result.report.table())
        print("scores: \(directory)/scores.csv, ranking: \(directory)/ranking.json")
      }
    }
  }
}

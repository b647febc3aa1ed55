import ArgumentParser
import CairnBenchmarks
import CairnCore
import CairnRanking
import CairnSupernet
import Foundation

/// `cairn rank`: how well a super-net's scores rank architectures against ground truth.
struct Rank: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Compare super-net scores with ground truth: Kendall tau-b, sparse Kendall taus, Spearman, P@K, …",
    discussion: """
      SCORES is a CSV file with a header naming 'arch' (native string, NB201 index or NB101 hash) and 'score' \
      (higher is better), and optionally 'loss'. Every figure comes with a seeded bootstrap interval.
      """)

  @Argument(
    help: "The scores CSV file, or a super-net run directory to score again from its checkpoint.")
  var scores: String
  @Option(
    help:
      "Ground truth as space:metric, e.g. nb201:cifar10_test_acc_200ep or nb101:val_acc_108, or a built benchmark as space:<dataset>_standalone_acc@<protocol> (no default; a run directory uses its own)."
  )
  var truth: String?
  @Option(
    help: "The results store a built benchmark's --truth is read from when it is not shipped.")
  var store = ResultsStoreLocation.defaultPath
  @Option(help: "oneDNN threads for a run directory (default: all cores).") var threads: Int?
  @Option(
    help: "K for P@K, top-K figures and P>R (10 on NB201, 5 elsewhere in the landmark paper).")
  var topK: Int = 10
  @Option(help: "Bootstrap resamples (0 for none).") var bootstrap = 1000
  @Option(help: "Bootstrap seed.") var seed: UInt64 = 0
  @Option(help: "Bin width of Cairn's binned sparse Kendall tau, in accuracy points.")
  var binnedPrecision = 0.1
  @Option(help: "Threshold of the landmark authors' sparse Kendall tau (fraction of accuracy).")
  var authorsThreshold = 1e-3
  @Flag(help: "Print JSON instead of a table.") var json = false

  func run() throws {
    try Cairn.reportingErrors {
      guard topK > 0 else { throw CairnError.invalidInput("--top-k must be positive, got \(topK)") }
      guard bootstrap >= 0 else {
        throw CairnError.invalidInput("--bootstrap must be 0 or more, got \(bootstrap)")
      }
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: scores, isDirectory: &isDirectory),
        isDirectory.boolValue
      {
        try rankRun()
        return
      }
      guard let truth else {
        throw CairnError.invalidInput(
          "--truth space:metric is needed to rank a scores file, e.g. --truth nb201:cifar10_test_acc_200ep"
        )
      }
      let groundTruth = try GroundTruth(parsing: truth, store: store)
      let file = try ScoreFile(url: URL(fileURLWithPath: scores), truth: groundTruth)
      guard topK <= file.scores.count else {
        throw CairnError.invalidInput(
          "--top-k \(topK) is larger than the \(file.scores.count) architectures scored in \(scores)"
        )
      }
      let options = RankingReport.Options(
        topK: topK, binnedPrecision: binnedPrecision, landmarkAuthorsThreshold: authorsThreshold,
        bootstrap: bootstrap > 0 ? Bootstrap(resamples: bootstrap, seed: seed) : nil)
      let report = try RankingReport(
        scores: file.scores, truth: file.truth, tieBreak: file.losses.map { $0.map { -$0 } },
        options: options)
      if json {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        print(String(decoding: try encoder.encode(report), as: UTF8.self))
      } else {
        print("ground truth: \(groundTruth)" + (groundTruth.table.map { " (\($0.source))" } ?? ""))
        print(report.table())
      }
    }
  }

  /// Re-scores a super-net run's evaluation pool with its checkpoint (the run's own truth, pool and options).
  func rankRun() throws {
    try ThreadOption.apply(threads)
    guard truth == nil else {
      throw CairnError.invalidInput(
        "--truth does not apply to a run directory; the run ranks against its configured truth")
    }
    let trainer = try SupernetTrainer.trainer(forRunAt: scores)
    let configuration = trainer.configuration
    let result = try trainer.rankCheckpoint()
    if json {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      print(String(decoding: try encoder.encode(result.report), as: UTF8.self))
    } else {
      print("ground truth: \(configuration.truth ?? ""); weights of epoch \(result.epoch)")
      print(result.report.table())
      print("scores: \(scores)/scores.csv, ranking: \(scores)/ranking.json")
    }
  }
}

import ArgumentParser
import CairnBenchmarks
import CairnCore
import CairnSearch
import CairnSpaces
import CairnSupernet
import CairnTraining
import Foundation

/// The search methods `cairn search --method` takes.
enum SearchMethodOption: String, ExpressibleByArgument, CaseIterable {
  case random, evolution, nao, gdas, darts
  case triLevel = "tri-level"

  /// The method of a search over a trained super-net; nil for the differentiable methods, which train their own.
  var searchMethod: SearchMethod? {
    switch self {
    case .random: .random
    case .evolution: .evolution
    case .nao: .nao
    case .gdas, .darts, .triLevel: nil
    }
  }

  /// The super-net sampler of a differentiable method, nil for the others.
  var differentiableSampler: SamplerKind? {
    switch self {
    case .gdas: .gdas
    case .darts: .darts
    case .triLevel: .triLevel
    default: nil
    }
  }
}

/// `cairn search`: search a space with a trained super-net (or the oracle) as the scorer.
struct SearchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "search",
    abstract:
      "Search a space (nb201, nb101): random search, regularized evolution or NAO over a trained super-net, or GDAS, DARTS or the tri-level method.",
    discussion: """
      CONFIG names the super-net run (supernet_run), the budget and, for evolution, population and tournament \
      sizes. With --method gdas, darts or tri-level, CONFIG is a super-net configuration (as for `cairn supernet \
      train`) trained with GDAS sampling, DARTS's mixed operations or the tri-level method; the search returns \
      the architecture of the largest α per edge, its ground truth and its count of skip connections and \
      parameter-free operations. The run directory holds score-cache.csv (every architecture scored), trace.csv (the best \
      architecture and its ground truth after each evaluation) and result.json. Running again replays the \
      cached scores in seconds and resumes an interrupted search.
      """)

  @Option(
    help:
      "random, evolution or nao (over a trained super-net; default: the configuration's method), or gdas, darts or tri-level (CONFIG is then a super-net configuration, trained with that method)."
  )
  var method: SearchMethodOption?
  @Argument(help: "The YAML configuration file.") var config: String
  @Option(help: "The run directory (default: runs/<name>-<method>).") var runDir: String?
  @Option(help: "oneDNN threads (default: all cores).") var threads: Int?

  func run() throws {
    try Cairn.reportingErrors {
      try ThreadOption.apply(threads)
      if let sampler = method?.differentiableSampler {
        try runDifferentiable(sampler)
        return
      }
      var configuration = try SearchConfiguration.load(from: URL(fileURLWithPath: config))
      if let chosen = method?.searchMethod { configuration.method = chosen }
      let directory = runDir ?? "runs/\(configuration.name)-\(configuration.method.rawValue)"
      let search = try SearchRun(configuration: configuration, directory: directory)
      let isTerminal = isatty(STDERR_FILENO) != 0
      var lastPrinted = 0
      search.onProgress = { evaluation, budget, best in
        let step = max(1, budget / 10)
        guard isTerminal || evaluation / step != lastPrinted / step || evaluation == budget else {
          return
        }
        lastPrinted = evaluation
        let line = String(format: "evaluation %d/%d  best score %.4f", evaluation, budget, best)
        FileHandle.standardError.write(Data((isTerminal ? "\r\u{1B}[2K" + line : line + "\n").utf8))
      }
      Interruption.install()
      let result = try search.run()
      if isTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
      print(
        "best architecture: \(result.architecture)"
          + (result.index.map { " (benchmark index \($0))" } ?? ""))
      print(
        String(format: "super-net score: %.4f (%@ scorer)", result.score, result.scorer.rawValue))
      if let truth = result.groundTruth, let name = result.truth {
        print(String(format: "ground truth (%@): %.2f", name, truth))
      }
      print(
        "\(result.evaluations) evaluations, \(result.distinctArchitectures) distinct architectures, "
          + String(format: "%.1f s", result.seconds))
      print("trace: \(directory)/trace.csv, result: \(directory)/result.json")
    }
  }

  /// GDAS, DARTS or the tri-level method: train a super-net with learned architecture parameters; the search result is argmax α.
  func runDifferentiable(_ sampler: SamplerKind) throws {
    var configuration = try SupernetConfiguration.load(from: URL(fileURLWithPath: config))
    configuration.training.sampler = sampler
    let directory = runDir ?? "runs/\(configuration.name)-\(sampler.rawValue)"
    let trainer = try SupernetTrainer(
      configuration: configuration, runDirectory: RunDirectory(directory))
    let progress = ProgressBar.attached(to: trainer)
    let result = try trainer.train()
    progress.finish()
    print("best architecture: \(result.derivedArchitecture ?? "")")
    if let census = result.derivedCensus { print("operations: \(census)") }
    if let truth = configuration.truth, let value = result.derivedTruth {
      print(String(format: "ground truth (%@): %.2f", truth, value))
    }
    if let seconds = result.seconds { print(String(format: "training time: %.0f s", seconds)) }
    print(result.report.table())
    print("run: \(directory) (result.json holds the derived architecture and the pool's ranking)")
  }
}

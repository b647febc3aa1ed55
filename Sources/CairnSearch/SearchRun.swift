import CairnBenchmarks
import CairnCore
import CairnSpaces
import CairnSupernet
import CairnTraining
import Foundation

/// The outcome of a search: what it returns, and how much scoring it took.
public struct SearchResult: Codable, Sendable {
  public var method: SearchMethod
  public var scorer: SearchScorer
  public var architecture: String
  /// The architecture's position in the benchmark's listing (its official index where the benchmark has one).
  public var index: Int?
  public var score: Double
  /// The returned architecture's ground truth, when the truth table knows it.
  public var groundTruth: Double?
  public var truth: String?
  public var evaluations: Int
  /// Distinct architectures scored (the rest came from the cache).
  public var distinctArchitectures: Int
  public var seconds: Double
}

/// Runs a search over a trained super-net (or the oracle) in the super-net's space, with a score cache in the run
/// directory so that running again replays the cached scores in seconds and resumes an interrupted search where
/// it stopped.
///
/// Searches stay among the architectures whose ground truth is known (all of a tabulated space, or a subset), so
/// that the trace can report the ground truth of everything the search returns. The run directory holds
/// config.json, score-cache.csv (`arch,score`), trace.csv (see `SearchTrace`) and result.json.
public final class SearchRun {
  public let configuration: SearchConfiguration
  public let directory: URL
  public var onProgress: ((_ evaluation: Int, _ budget: Int, _ best: Double) -> Void)?
  /// Scores saved to the cache between checkpoints of the cache file.
  public var cacheWriteInterval = 25

  public init(configuration: SearchConfiguration, directory: String) throws(CairnError) {
    try configuration.validate()
    self.configuration = configuration
    self.directory = URL(fileURLWithPath: directory)
    _ = try strategyBudget()
  }

  func strategyBudget() throws(CairnError) -> Int {
    let c = configuration
    switch c.method {
    case .random: return try RandomSearch(budget: c.budget).budget
    case .nao: return try c.nao.search().budget
    case .evolution:
      return try RegularizedEvolution(
        population: c.population, tournament: c.tournament, budget: c.budget
      ).budget
    }
  }

  /// What the scores in a cache mean: the super-net run (its absolute path) or the oracle's truth.
  func scorerIdentity(truth: String) -> String {
    if configuration.scorer == .oracle { return "oracle \(truth)" }
    let path = URL(fileURLWithPath: configuration.supernetRun ?? "").standardizedFileURL.path
    return "supernet \(path)"
  }

  /// Records the cache's scorer beside it, or checks that it is this run's scorer.
  func claimCache(at url: URL, scorer: String) throws(CairnError) {
    let identity = URL(fileURLWithPath: url.path + ".scorer")
    if let recorded = try? String(contentsOf: identity, encoding: .utf8) {
      guard recorded.trimmingCharacters(in: .whitespacesAndNewlines) == scorer else {
        throw .invalidFile(
          path: url.path,
          problem:
            "this score cache belongs to another scorer (\(recorded.trimmingCharacters(in: .newlines)))"
        )
      }
      return
    }
    try? FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try AtomicFile.write(scorer + "\n", to: identity)
  }

  /// Runs (or replays, or resumes) the search.
  public func run() throws -> SearchResult {
    var supernet: SupernetTrainer?
    var settings = SupernetConfiguration()
    settings.space = configuration.space
    if configuration.scorer == .supernet, let path = configuration.supernetRun {
      let trainer = try SupernetTrainer.trainer(forRunAt: path)
      supernet = trainer
      settings = trainer.configuration
    }
    guard let truthName = configuration.truth ?? settings.truth else {
      throw CairnError.invalidInput("the search needs 'truth: space:metric'")
    }
    let truth = try GroundTruth(parsing: truthName)
    let binding = try SupernetRegistry.space(named: settings.space)
    return try search(
      binding, truth: truth, truthName: truthName, settings: settings, supernet: supernet)
  }

  private func search<Binding: SupernetSpace>(
    _ binding: Binding.Type, truth: GroundTruth, truthName: String, settings: SupernetConfiguration,
    supernet: SupernetTrainer?
  ) throws -> SearchResult {
    guard truth.space == Binding.name else {
      throw CairnError.invalidInput(
        "truth '\(truth.description)' is not ground truth for \(Binding.name), the searched space")
    }
    let c = configuration
    let space = try Binding.knownSpace(truth, configuration: settings)
    try AtomicFile.prepareDirectory(directory)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    try AtomicFile.write(try encoder.encode(c), to: directory.appendingPathComponent("config.json"))
    let cacheURL =
      c.scoreCache.map { URL(fileURLWithPath: $0) }
      ?? directory.appendingPathComponent("score-cache.csv")
    try claimCache(at: cacheURL, scorer: scorerIdentity(truth: truthName))
    var cache = try ScoreCache.load(from: cacheURL)
    let scoreWithSupernet = try supernet?.checkpointScorer()
    let started = Date()
    var unsaved = 0
    var evaluated = 0
    var best = -Double.infinity
    let budget = try strategyBudget()
    func evaluate(_ architecture: Binding.Space.Architecture) throws -> Double {
      let key = space.format(architecture)
      let score: Double
      if let cached = cache[key] {
        score = cached
      } else {
        if Interruption.isRequested {
          try cache.write(to: cacheURL)
          throw RunInterrupted(runDirectory: self.directory.path)
        }
        if let scoreWithSupernet {
          score = try scoreWithSupernet([key])[0].accuracy
        } else {
          score = try truth.value(forArchitecture: key)
        }
        cache.insert(score, for: key)
        unsaved += 1
        if unsaved >= self.cacheWriteInterval {
          try cache.write(to: cacheURL)
          unsaved = 0
        }
      }
      evaluated += 1
      best = max(best, score)
      self.onProgress?(evaluated, budget, best)
      return score
    }
    var random = RandomStream(seed: c.seed, name: "search \(c.method.rawValue)")
    let evaluations: [SearchEvaluation<Binding.Space.Architecture>]
    switch c.method {
    case .random:
      evaluations = try RandomSearch(budget: c.budget).run(
        in: space, using: &random, evaluate: evaluate)
    case .nao:
      evaluations = try c.nao.search().run(in: space, using: &random, evaluate: evaluate)
    case .evolution:
      evaluations = try RegularizedEvolution(
        population: c.population, tournament: c.tournament, budget: c.budget
      ).run(in: space, using: &random, evaluate: evaluate)
    }
    try cache.write(to: cacheURL)
    let trace = try SearchTrace(
      evaluations: evaluations.map { (space.format($0.architecture), $0.score) },
      truth: { (text) throws(CairnError) in try truth.value(forArchitecture: text) })
    try AtomicFile.write(trace.csv(), to: directory.appendingPathComponent("trace.csv"))
    guard let final = trace.result else {
      throw CairnError.failure("the search evaluated no architecture")
    }
    let returned = try space.parse(final.bestArchitecture)
    let result = SearchResult(
      method: c.method, scorer: c.scorer, architecture: final.bestArchitecture,
      index: try? space.index(of: returned), score: final.bestScore,
      groundTruth: final.bestTruth, truth: truthName, evaluations: evaluations.count,
      distinctArchitectures: Set(evaluations.map { space.identity(of: $0.architecture) }).count,
      seconds: Date().timeIntervalSince(started))
    try AtomicFile.write(
      try encoder.encode(result), to: directory.appendingPathComponent("result.json"))
    return result
  }
}

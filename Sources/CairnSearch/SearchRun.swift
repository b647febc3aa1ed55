import CairnBenchmarks
import CairnCore
import CairnSpaces
import CairnSupernet
import CairnTraining
import Foundation

/// The outcome of a search: what it returns, and how much scoring it took.
public struct SearchResult: Codable, Sendable {
  public var method: String
  public var scorer: String
  public var architecture: String
  public var index: Int
  public var score: Double
  /// The returned architecture's ground truth, when the truth table knows it.
  public var groundTruth: Double?
  public var truth: String?
  public var evaluations: Int
  /// Distinct architectures scored (the rest came from the cache).
  public var distinctArchitectures: Int
  public var seconds: Double
}

/// Runs a search on NB201 over a trained super-net (or the oracle), with a score cache in the run directory so
/// that running again replays the cached scores in seconds and resumes an interrupted search where it stopped.
///
/// The run directory holds config.json, score-cache.csv (`arch,score`), trace.csv (see `SearchTrace`) and
/// result.json.
public final class SearchRun {
  public let configuration: SearchConfiguration
  public let directory: URL
  public var onProgress: ((_ evaluation: Int, _ budget: Int, _ best: Double) -> Void)?
  /// Scores saved to the cache between checkpoints of the cache file.
  public var cacheWriteInterval = 25

  public init(configuration: SearchConfiguration, directory: String) throws(CairnError) {
    self.configuration = configuration
    self.directory = URL(fileURLWithPath: directory)
    guard ["random", "evolution", "nao"].contains(configuration.method) else {
      throw .invalidInput(
        "method '\(configuration.method)' is not one of random, evolution, nao (or gdas, which trains its own super-net)"
      )
    }
    guard ["supernet", "oracle"].contains(configuration.scorer) else {
      throw .invalidInput("scorer '\(configuration.scorer)' is not one of supernet, oracle")
    }
    _ = try strategyBudget()
  }

  func strategyBudget() throws(CairnError) -> Int {
    let c = configuration
    if c.method == "random" { return try RandomSearch(budget: c.budget).budget }
    if c.method == "nao" { return try c.nao.search().budget }
    return try RegularizedEvolution(
      population: c.population, tournament: c.tournament, budget: c.budget
    ).budget
  }

  /// The truth `space:metric` in effect and its table.
  func truthSource(supernet: SupernetTrainer?) throws(CairnError) -> (
    name: String, table: BenchmarkTable, metric: String
  )? {
    guard let name = configuration.truth ?? supernet?.configuration.truth else {
      if configuration.scorer == "oracle" {
        throw .invalidInput("the oracle scorer needs 'truth: nb201:<metric>'")
      }
      return nil
    }
    let parts = name.split(separator: ":", maxSplits: 1).map(String.init)
    guard parts.count == 2, parts[0] == "nb201" else {
      throw .invalidInput(
        "truth '\(name)' must be nb201:<metric>, e.g. nb201:cifar10_test_acc_200ep")
    }
    let table = try BenchmarkTable.shippedNB201()
    _ = try table.metric(named: parts[1])
    return (name, table, parts[1])
  }

  /// What the scores in a cache mean: the super-net run (its absolute path) or the oracle's truth.
  func scorerIdentity(truth: String?) -> String {
    if configuration.scorer == "oracle" { return "oracle \(truth ?? "")" }
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
    let c = configuration
    let space = NB201Space()
    var supernet: SupernetTrainer?
    if c.scorer == "supernet" {
      guard let path = c.supernetRun else {
        throw CairnError.invalidInput("the supernet scorer needs 'supernet_run: <run directory>'")
      }
      supernet = try SupernetTrainer.trainer(forRunAt: path)
    }
    let truth = try truthSource(supernet: supernet)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try AtomicFile.write(try encoder.encode(c), to: directory.appendingPathComponent("config.json"))

    let cacheURL =
      c.scoreCache.map { URL(fileURLWithPath: $0) }
      ?? directory.appendingPathComponent("score-cache.csv")
    try claimCache(at: cacheURL, scorer: scorerIdentity(truth: truth?.name))
    var cache = try ScoreCache.load(from: cacheURL)
    let scoreWithSupernet = try supernet?.checkpointScorer()
    let started = Date()
    var unsaved = 0
    var evaluated = 0
    var best = -Double.infinity
    let budget = try strategyBudget()
    func evaluate(_ architecture: NB201Architecture) throws -> Double {
      let key = architecture.archString
      let score: Double
      if let cached = cache[key] {
        score = cached
      } else {
        if Interruption.isRequested {
          try cache.write(to: cacheURL)
          throw RunInterrupted(runDirectory: self.directory.path)
        }
        if let scoreWithSupernet {
          score = try scoreWithSupernet([architecture])[0].accuracy
        } else {
          score = try truth!.table.value(metric: truth!.metric, for: architecture)
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
    var random = RandomStream(seed: c.seed, name: "search \(c.method)")
    let evaluations: [SearchEvaluation<NB201Architecture>]
    if c.method == "random" {
      evaluations = try RandomSearch(budget: c.budget).run(
        in: space, using: &random, evaluate: evaluate)
    } else if c.method == "nao" {
      evaluations = try c.nao.search().run(in: space, using: &random, evaluate: evaluate)
    } else {
      evaluations = try RegularizedEvolution(
        population: c.population, tournament: c.tournament, budget: c.budget
      ).run(in: space, using: &random, evaluate: evaluate)
    }
    try cache.write(to: cacheURL)
    func groundTruth(_ text: String) throws(CairnError) -> Double {
      try truth!.table.value(metric: truth!.metric, for: try NB201Architecture(parsing: text))
    }
    let trace = try SearchTrace(
      evaluations: evaluations.map { ($0.architecture.archString, $0.score) },
      truth: truth == nil ? nil : groundTruth)
    try AtomicFile.write(trace.csv(), to: directory.appendingPathComponent("trace.csv"))
    let final = trace.result!
    let returned = try NB201Architecture(parsing: final.bestArchitecture)
    let result = SearchResult(
      method: c.method, scorer: c.scorer, architecture: final.bestArchitecture,
      index: try space.index(of: returned), score: final.bestScore, groundTruth: final.bestTruth,
      truth: truth?.name, evaluations: evaluations.count,
      distinctArchitectures: Set(evaluations.map(\.architecture)).count,
      seconds: Date().timeIntervalSince(started))
    try AtomicFile.write(
      try encoder.encode(result), to: directory.appendingPathComponent("result.json"))
    return result
  }
}

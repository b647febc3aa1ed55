import CairnCore
import CairnSpaces
import CairnSupernet
import CairnTraining
import Foundation

/// Everything that defines a search run, read from YAML (`cairn search --method … CONFIG.yaml`); unknown keys are
/// errors naming the nearest valid key.
public struct SearchConfiguration: Codable, Hashable, Sendable {
  /// The run's name (its directory under `runs/` unless `--run-dir` says otherwise).
  public var name = "search"
  /// `random`, `evolution` or `nao`.
  public var method: SearchMethod = .evolution
  /// `supernet` (the accuracy of each architecture's path in a trained super-net, on its scoring batches) or
  /// `oracle` (the ground truth itself; to test a search strategy).
  public var scorer: SearchScorer = .supernet
  /// The space searched with the oracle scorer (a super-net scorer searches its run's space).
  public var space: SpaceName = .nb201
  /// The run directory of a trained super-net (for `scorer: supernet`).
  public var supernetRun: String?
  /// Ground truth as `space:metric` for the trace; default: the super-net run's truth. Required for `oracle`.
  public var truth: String?
  /// Architectures scored in all (repeats count); NAO's budget follows from its own settings.
  public var budget = 1000
  /// Regularized evolution: population size and tournament size.
  public var population = 50
  public var tournament = 10
  public var seed: UInt64 = 0
  /// A score cache shared by several searches over the same scorer (default: score-cache.csv in the run
  /// directory). Its scorer is recorded beside it (`<file>.scorer`); a cache of another scorer is refused.
  public var scoreCache: String?
  public var nao = NAO()

  /// Neural Architecture Optimization: the seed pool, then `iterations` rounds of controller training and up to
  /// `proposals_per_iteration` new architectures from the `top_seeds` best.
  public struct NAO: Codable, Hashable, Sendable {
    public var seedPool = 100
    public var iterations = 3
    public var proposalsPerIteration = 100
    public var topSeeds = 100
    public var controllerEpochs = 200
    public var maximumStep = 50
    public init() {}

    public func search() throws(CairnError) -> NAOSearch {
      try NAOSearch(
        seedPool: seedPool, iterations: iterations, proposalsPerIteration: proposalsPerIteration,
        topSeeds: topSeeds, controllerEpochs: controllerEpochs, maximumStep: maximumStep)
    }
  }

  public init() {}

  public static var keySchema: SearchConfiguration {
    var schema = SearchConfiguration()
    schema.supernetRun = ""
    schema.truth = ""
    schema.scoreCache = ""
    return schema
  }

  /// Reads a configuration file strictly and checks every value.
  public static func load(from url: URL) throws(CairnError) -> SearchConfiguration {
    try ConfigurationFile.load(Self.self, from: url, defaults: Self(), schema: keySchema) {
      (configuration) throws(CairnError) in try configuration.validate()
    }
  }

  /// Checks every numeric key against its range; throws naming the key, the value and the range.
  public func validate() throws(CairnError) {
    let check = ConfigurationFile.require
    try RunName.check(name, key: "name")
    try check((1...10_000_000).contains(budget), "budget", budget, "1...10000000")
    try check((2...1_000_000).contains(population), "population", population, "2...1000000")
    try check(
      (1...population).contains(tournament), "tournament", tournament,
      "1...population (\(population))")
    try check((1...1_000_000).contains(nao.seedPool), "nao.seed_pool", nao.seedPool, "1...1000000")
    try check((0...10_000).contains(nao.iterations), "nao.iterations", nao.iterations, "0...10000")
    try check(
      (1...1_000_000).contains(nao.proposalsPerIteration), "nao.proposals_per_iteration",
      nao.proposalsPerIteration, "1...1000000")
    try check((1...1_000_000).contains(nao.topSeeds), "nao.top_seeds", nao.topSeeds, "1...1000000")
    try check(
      (1...100_000).contains(nao.controllerEpochs), "nao.controller_epochs", nao.controllerEpochs,
      "1...100000")
    try check(
      (1...10_000).contains(nao.maximumStep), "nao.maximum_step", nao.maximumStep, "1...10000")
    if scorer == .supernet {
      try check(
        supernetRun.map { !$0.isEmpty } ?? false, "supernet_run", supernetRun ?? "(missing)",
        "a super-net run directory (scorer: supernet)")
    } else {
      try check(
        truth.map { !$0.isEmpty } ?? false, "truth", truth ?? "(missing)",
        "space:metric (scorer: oracle)")
    }
  }
}

/// A search strategy (`method`).
public enum SearchMethod: String, ConfigurationChoice {
  case random
  case evolution
  case nao
}

/// What scores an architecture during a search (`scorer`).
public enum SearchScorer: String, ConfigurationChoice {
  /// The accuracy of its path in a trained super-net.
  case supernet
  /// Its ground truth (to test a search strategy).
  case oracle
}

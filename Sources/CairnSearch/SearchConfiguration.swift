import CairnCore
import CairnSupernet
import CairnTraining
import Foundation

/// Everything that defines a search run, read from YAML (`cairn search --method … CONFIG.yaml`); unknown keys are
/// errors naming the nearest valid key.
public struct SearchConfiguration: Codable, Hashable, Sendable {
  /// The run's name (its directory under `runs/` unless `--run-dir` says otherwise).
  public var name = "search"
  /// `random`, `evolution` or `nao`.
  public var method = "evolution"
  /// `supernet` (the accuracy of each architecture's path in a trained super-net, on its scoring batches) or
  /// `oracle` (the ground truth itself; to test a search strategy).
  public var scorer = "supernet"
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

  static var keySchema: SearchConfiguration {
    var schema = SearchConfiguration()
    schema.supernetRun = ""
    schema.truth = ""
    schema.scoreCache = ""
    return schema
  }

  /// Reads a configuration file strictly.
  public static func load(from url: URL) throws(CairnError) -> SearchConfiguration {
    try ConfigurationFile.load(Self.self, from: url, defaults: Self(), schema: keySchema)
  }
}

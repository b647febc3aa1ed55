import CairnBenchmarks
import CairnCore
import CairnSpaces
import Foundation
import Testing

@testable import CairnSearch

@Suite struct SearchStrategyTests {
  let metric = "cifar10_test_acc_200ep"

  func truth(_ architecture: NB201Architecture) throws -> Double {
    try BenchmarkTable.shippedNB201().value(metric: metric, for: architecture)
  }

  @Test func evolutionInOracleModeFindsTheOptimumInMostSeeds() throws {
    let optimum = try BenchmarkTable.shippedNB201().values(metric: metric).max()!
    let evolution = try RegularizedEvolution(population: 50, tournament: 10, budget: 1000)
    var found = 0
    for seed in 0..<10 {
      var random = RandomStream(seed: UInt64(seed), name: "test evolution")
      let evaluations = try evolution.run(in: NB201Space(), using: &random, evaluate: truth)
      #expect(evaluations.count == 1000)
      if evaluations.map(\.score).max()! == optimum { found += 1 }
    }
    #expect(found >= 6, "found the optimum in \(found) of 10 seeds")
  }

  @Test func evolutionBeatsRandomSearchOnTheOracle() throws {
    var evolutionBest = 0.0
    var randomBest = 0.0
    for seed in 0..<5 {
      var a = RandomStream(seed: UInt64(seed), name: "evolution")
      var b = RandomStream(seed: UInt64(seed), name: "random")
      evolutionBest += try RegularizedEvolution(budget: 300).run(
        in: NB201Space(), using: &a, evaluate: truth
      ).map(\.score).max()!
      randomBest += try RandomSearch(budget: 300).run(in: NB201Space(), using: &b, evaluate: truth)
        .map(\.score).max()!
    }
    #expect(evolutionBest > randomBest)
  }

  @Test func evolutionAgesOutTheOldestAndMutatesTournamentWinners() throws {
    // Scores are the number of 3x3 convolutions: every child is one mutation from a member of the population.
    let space = NB201Space()
    var random = RandomStream(seed: 3, name: "aging")
    var seen: [NB201Architecture] = []
    let evaluations = try RegularizedEvolution(population: 5, tournament: 2, budget: 40).run(
      in: space, using: &random
    ) { architecture in
      seen.append(architecture)
      return Double(architecture.opIDs.filter { $0 == 3 }.count)
    }
    #expect(evaluations.map(\.architecture) == seen)
    for (position, child) in evaluations.enumerated().dropFirst(5) {
      let population = evaluations[(position - 5)..<position].map(\.architecture)
      #expect(population.contains { space.hammingDistance($0, child.architecture) == 1 })
    }
  }

  @Test func settingsAreChecked() {
    #expect(throws: CairnError.self) { try RandomSearch(budget: 0) }
    #expect(throws: CairnError.self) { try RegularizedEvolution(population: 10, tournament: 11) }
    #expect(throws: CairnError.self) { try RegularizedEvolution(population: 50, budget: 20) }
    #expect(throws: CairnError.self) { try RegularizedEvolution(population: 0, tournament: 0) }
  }

  @Test func traceFollowsTheBestScoreAndTheBestTruthSeen() throws {
    let trace = try SearchTrace(
      evaluations: [("a", 0.2), ("b", 0.5), ("c", 0.4), ("d", 0.5)],
      truth: { (text: String) throws(CairnError) -> Double in
        ["a": 70, "b": 60, "c": 90, "d": 95][text]!
      })
    #expect(trace.rows.map(\.bestArchitecture) == ["a", "b", "b", "b"])
    #expect(trace.rows.map(\.bestTruth) == [70, 60, 60, 60])
    #expect(trace.rows.map(\.bestTruthSeen) == [70, 70, 90, 95])
    #expect(trace.csv().split(separator: "\n").count == 5)
  }

  @Test func scoreCacheRoundTripsAndRejectsMalformedRows() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "cairn-cache-\(UUID())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let url = directory.appendingPathComponent("score-cache.csv")
    #expect(try ScoreCache.load(from: url).count == 0)
    var cache = ScoreCache()
    cache.insert(0.25, for: "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|")
    cache.insert(0.75, for: "|skip_connect~0|+|none~0|none~1|+|none~0|none~1|none~2|")
    try cache.write(to: url)
    #expect(try ScoreCache.load(from: url) == cache)
    for bad in [
      "arch,score\nx\n", "arch,score\nx,nan\n", "arch,score\nx,0.5y\n", "a,b\n",
      "arch,score\n,0.5\n",
    ] {
      try bad.write(to: url, atomically: true, encoding: .utf8)
      #expect(throws: CairnError.self) { try ScoreCache.load(from: url) }
    }
  }

  @Test func anOracleSearchRunReplaysFromItsCache() throws {
    var configuration = SearchConfiguration()
    configuration.scorer = .oracle
    configuration.truth = "nb201:\(metric)"
    configuration.budget = 200
    configuration.population = 20
    configuration.tournament = 5
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "cairn-search-\(UUID())")
    let first = try SearchRun(configuration: configuration, directory: directory.path).run()
    #expect(first.evaluations == 200)
    #expect(first.groundTruth == first.score)
    let cached = try ScoreCache.load(from: directory.appendingPathComponent("score-cache.csv"))
    #expect(cached.count == first.distinctArchitectures)
    let replay = try SearchRun(configuration: configuration, directory: directory.path).run()
    #expect(replay.architecture == first.architecture)
    #expect(replay.score == first.score)
    let trace = try String(
      contentsOf: directory.appendingPathComponent("trace.csv"), encoding: .utf8)
    #expect(trace.split(separator: "\n").count == 201)

    // A shared cache serves another search of the same scorer, and refuses a different scorer.
    var shared = configuration
    shared.scoreCache = directory.appendingPathComponent("shared/cache.csv").path
    shared.method = .random
    _ = try SearchRun(configuration: shared, directory: directory.path + "-a").run()
    shared.method = .evolution
    let second = try SearchRun(configuration: shared, directory: directory.path + "-b").run()
    #expect(second.evaluations == 200)
    shared.truth = "nb201:cifar100_test_acc_200ep"
    #expect(throws: CairnError.self) {
      try SearchRun(configuration: shared, directory: directory.path + "-c").run()
    }

    configuration.budget = 0
    #expect(throws: CairnError.self) {
      try SearchRun(configuration: configuration, directory: directory.path)
    }
    configuration.budget = 200
    configuration.method = .random
    configuration.scorer = .supernet
    #expect(throws: CairnError.self) {
      try SearchRun(configuration: configuration, directory: directory.path).run()
    }
  }
}

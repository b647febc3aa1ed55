import CairnCore
import CairnTraining

extension BenchmarkPlan {
  /// Checks the plan, naming the key: the seeds (some, distinct; extra seeds distinct from them), the number of
  /// architectures (at least one; the extra-seed architectures among them), the paths, and the training protocol
  /// (`StandaloneConfiguration.validate()` with the first architecture). Expands the jobs once, so a listed
  /// architecture that does not parse and a sample the space cannot give are found here.
  public func validate() throws(CairnError) {
    try Self.checkSeeds(seeds, key: "seeds")
    switch architectures {
    case .listed(let texts):
      guard !texts.isEmpty else {
        throw .invalidInput(
          "key 'architectures' lists no architecture; list some or write 'sample: {count: N, seed: S}'"
        )
      }
    case .sampled(let count, _):
      try ConfigurationFile.require(count >= 1, "architectures.sample.count", count, "at least 1")
    }
    try ConfigurationFile.require(!store.isEmpty, "store", "''", "a path")
    try ConfigurationFile.require(!runs.isEmpty, "runs", "''", "a path")
    do {
      _ = try StandaloneRegistry.space(named: training.space)
    } catch {
      throw .invalidInput("key 'space': \(error.description)")
    }
    let jobs: [BenchmarkJob]
    do {
      jobs = try self.jobs()
    } catch {
      throw .invalidInput("key 'architectures': \(error.description)")
    }
    let architectureCount = Set(jobs.map(\.identity)).count
    if let extraSeeds {
      try ConfigurationFile.require(
        (1...architectureCount).contains(extraSeeds.architectures), "extra_seeds.architectures",
        extraSeeds.architectures, "in 1...\(architectureCount), the plan's architectures")
      try Self.checkSeeds(extraSeeds.seeds, key: "extra_seeds.seeds")
      if let repeated = extraSeeds.seeds.first(where: seeds.contains) {
        throw .invalidInput("seed \(repeated) of 'extra_seeds.seeds' is already in 'seeds'")
      }
    }
    guard let first = jobs.first else { return }
    try configuration(for: first).validate()
  }

  /// Seeds must be some, and distinct.
  private static func checkSeeds(_ seeds: [UInt64], key: String) throws(CairnError) {
    guard !seeds.isEmpty else { throw .invalidInput("key '\(key)' lists no seed") }
    var seen: Set<UInt64> = []
    for seed in seeds where !seen.insert(seed).inserted {
      throw .invalidInput("seed \(seed) is listed twice in '\(key)'")
    }
  }
}

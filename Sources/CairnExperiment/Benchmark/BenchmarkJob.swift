import CairnCore
import CairnSpaces
import CairnTraining

/// One stand-alone training run of a benchmark build: an architecture and a seed.
public struct BenchmarkJob: Sendable, Hashable {
  /// The job's position in the plan's job list, from 0 (what shards divide).
  public var number: Int
  /// The architecture in its space's text form (as the space formats it after parsing).
  public var architecture: String
  /// The space's `identity(of:)` of the architecture: equal for two texts of one network.
  public var identity: String
  public var seed: UInt64

  /// A short id of the architecture for directory names: 12 hex digits of the FNV-1a hash of its identity.
  public var architectureID: String {
    let hex = String(RandomStream.fnv1a(identity), radix: 16)
    return String((String(repeating: "0", count: max(0, 16 - hex.count)) + hex).prefix(12))
  }
}

extension BenchmarkPlan {
  /// The plan's jobs in order: every architecture with the first seed, then with the next seed, …, then the extra
  /// seeds of the first `extraSeeds.architectures` architectures, seed by seed (so that a build stopped early
  /// already holds one seed of many architectures). Deterministic: the same plan gives the same list.
  ///
  /// Throws `CairnError.invalidInput` when the space has no stand-alone training, for a listed architecture that
  /// does not parse or repeats an earlier one (by identity), and for a sample the space cannot give.
  public func jobs() throws(CairnError) -> [BenchmarkJob] {
    try jobs(StandaloneRegistry.space(named: training.space))
  }

  private func jobs<Binding: StandaloneSpace>(_ binding: Binding.Type) throws(CairnError)
    -> [BenchmarkJob]
  {
    let architectures = try resolvedArchitectures(binding)
    var jobs: [BenchmarkJob] = []
    func add(_ architectures: ArraySlice<(text: String, identity: String)>, seed: UInt64) {
      for architecture in architectures {
        jobs.append(
          BenchmarkJob(
            number: jobs.count, architecture: architecture.text, identity: architecture.identity,
            seed: seed))
      }
    }
    for seed in seeds { add(architectures[...], seed: seed) }
    if let extraSeeds {
      let first = architectures.prefix(extraSeeds.architectures)
      for seed in extraSeeds.seeds { add(first, seed: seed) }
    }
    return jobs
  }

  /// The plan's architectures as the space formats them, with their identities.
  private func resolvedArchitectures<Binding: StandaloneSpace>(_ binding: Binding.Type)
    throws(CairnError) -> [(text: String, identity: String)]
  {
    let space = Binding.space
    switch architectures {
    case .sampled(let count, let seed):
      var random = RandomStream(seed: seed, name: "benchmark-architectures")
      return try space.distinctSample(count, using: &random).map {
        (space.format($0), space.identity(of: $0))
      }
    case .listed(let texts):
      var positionByIdentity: [String: Int] = [:]
      var resolved: [(text: String, identity: String)] = []
      for (position, text) in texts.enumerated() {
        let architecture: Binding.Space.Architecture
        do {
          architecture = try Binding.architecture(text)
        } catch {
          throw .invalidInput("architectures[\(position)]: \(error.description)")
        }
        let identity = space.identity(of: architecture)
        if let earlier = positionByIdentity[identity] {
          throw .invalidInput(
            "architectures[\(position)] is the same network as architectures[\(earlier)]")
        }
        positionByIdentity[identity] = position
        resolved.append((space.format(architecture), identity))
      }
      return resolved
    }
  }
}

import CairnBenchmarks
import CairnCore
import CairnTraining
import Foundation

/// How far a build is: recorded and pending jobs, in all and per shard.
public struct BenchmarkStatus: Sendable {
  /// One shard's share.
  public struct Share: Sendable {
    public var shard: Shard
    public var jobs: Int
    public var recorded: Int
    public var pending: Int { jobs - recorded }
  }

  public var jobs: Int
  public var recorded: Int
  public var pending: Int { jobs - recorded }
  /// Every shard when the jobs are split into `shards.count` shards.
  public var shards: [Share]
}

extension BenchmarkBuild {
  /// The recorded and pending jobs of the build, and of each of `shards` shards (≥ 1). Does not create the store
  /// when it is missing (then nothing is recorded).
  public func status(shards: Int = 1) throws(CairnError) -> BenchmarkStatus {
    let recorded: Set<Int> =
      FileManager.default.fileExists(atPath: plan.store)
      ? try recordedJobs(in: ResultsStore(path: plan.store)) : []
    var shares: [BenchmarkStatus.Share] = []
    for index in 0..<shards {
      let shard = try Shard(index: index, count: shards)
      let mine = jobs(of: shard)
      shares.append(
        .init(
          shard: shard, jobs: mine.count,
          recorded: mine.filter { recorded.contains($0.number) }.count))
    }
    return BenchmarkStatus(jobs: jobs.count, recorded: recorded.count, shards: shares)
  }

  /// The numbers of the jobs whose row the store holds: same space, dataset and protocol, an architecture of the
  /// same identity (so rows `cairn train --record` wrote in another text form count) and the same seed.
  func recordedJobs(in store: ResultsStore) throws(CairnError) -> Set<Int> {
    Set(try recordedAccuracies(in: store).keys)
  }

  /// The recorded test accuracy of each of the plan's jobs whose row the store holds (matched as
  /// `recordedJobs` matches), by job number.
  func recordedAccuracies(in store: ResultsStore) throws(CairnError) -> [Int: Double] {
    let rows = try store.results(
      space: plan.training.space.rawValue, dataset: plan.training.dataset.rawValue,
      configHash: plan.protocolHash)
    let binding = try StandaloneRegistry.space(named: plan.training.space)
    var identities: [String: String] = [:]
    var recorded: [String: Double] = [:]
    for row in rows {
      guard let identity = identities[row.architecture] ?? Self.identity(row.architecture, binding)
      else { continue }
      identities[row.architecture] = identity
      recorded["\(identity) \(row.seed)"] = row.testAccuracy
    }
    var accuracies: [Int: Double] = [:]
    for job in jobs {
      if let accuracy = recorded["\(job.identity) \(job.seed)"] {
        accuracies[job.number] = accuracy
      }
    }
    return accuracies
  }

  /// The identity of an architecture text in `binding`'s space, or nil when it does not parse.
  private static func identity<Binding: StandaloneSpace>(_ text: String, _ binding: Binding.Type)
    -> String?
  {
    (try? Binding.architecture(text)).map { Binding.space.identity(of: $0) }
  }
}

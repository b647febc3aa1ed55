import CairnBenchmarks
import CairnCore
import CairnData
import CairnTraining
import Foundation

/// Builds a benchmark: trains the jobs of a `BenchmarkPlan` (of one shard) that its results store does not hold
/// yet, each stand-alone with `StandaloneTrainer` in its own run directory, and records each test accuracy.
///
/// Resumable at every level: a job whose row is in the store (same space, dataset, protocol, architecture by
/// identity, seed) is skipped, and a job killed half-way resumes from its run directory's checkpoint to the same
/// weights, so a killed and restarted build ends with the rows of an uninterrupted one. Shards of one plan split
/// the jobs exactly and may run at once in several processes on one store. Ctrl-C (or SIGTERM) stops at the next
/// training step with a checkpoint. A job that fails (a non-finite loss, an unreadable checkpoint) is reported and
/// the build goes on; the report lists it.
public final class BenchmarkBuild {
  public let plan: BenchmarkPlan
  /// Every job of the plan, in order.
  public let jobs: [BenchmarkJob]
  /// Called when a job is finished, failed or found recorded by another process.
  public var onJob: ((BenchmarkJobEvent) -> Void)?
  /// Passed to every job's trainer.
  public var onProgress: ((TrainingProgress) -> Void)?
  public var onLog: ((String) -> Void)?

  /// A build of `plan`; throws what `plan.jobs()` throws.
  public init(plan: BenchmarkPlan) throws(CairnError) {
    self.plan = plan
    jobs = try plan.jobs()
  }

  /// The jobs of `shard` in plan order.
  public func jobs(of shard: Shard) -> [BenchmarkJob] { jobs.filter { shard.contains($0.number) } }

  /// Trains every job of `shard` that is not recorded yet, in plan order.
  ///
  /// Throws `CairnError` for a dataset that cannot be found or a store that cannot be opened (before any job), and
  /// `RunInterrupted` when stopped by Ctrl-C or SIGTERM; a failing job does not throw (see the report).
  public func run(shard: Shard = .all) throws -> BenchmarkBuildReport {
    try run(shard: shard, staging: nil)
  }

  /// Trains every job of `shard` that is not recorded yet, as `run(shard:)` does, but records the results in
  /// `staging` — a results store of this process alone, for builds of several MPI processes, where no two
  /// processes write one SQLite file — when it is given. Jobs recorded in the plan's store or in `staging` are
  /// skipped; `mergeStagingStores(_:)` moves the staged rows into the plan's store.
  public func run(shard: Shard, staging: String?) throws -> BenchmarkBuildReport {
    _ = try DatasetLocator.locate(plan.training.dataset, explicit: plan.training.dataDirectory)
    let main = try ResultsStoreLocation.open(plan.store)
    let store =
      try staging.map { path throws(CairnError) in try ResultsStoreLocation.open(path) } ?? main
    let mine = jobs(of: shard)
    let recorded = try recordedJobs(in: main).union(staging == nil ? [] : recordedJobs(in: store))
    let pending = mine.filter { !recorded.contains($0.number) }
    var report = BenchmarkBuildReport(
      shard: shard, jobs: mine.count, alreadyRecorded: mine.count - pending.count)
    onLog?(
      "build of \(jobs.count) jobs (\(plan.training.space), \(plan.training.dataset.rawValue), protocol "
        + "\(plan.protocolHash)); shard \(shard): \(mine.count) jobs, \(report.alreadyRecorded) already in "
        + "\(plan.store), \(pending.count) to train")
    let started = Date()
    var jobSeconds: [Double] = []
    for (position, job) in pending.enumerated() {
      if Interruption.isRequested { throw RunInterrupted(runDirectory: plan.runs) }
      let jobStarted = Date()
      let outcome = try run(job, in: store)
      let seconds = Date().timeIntervalSince(jobStarted)
      switch outcome {
      case .recorded:
        report.trained += 1
        jobSeconds.append(seconds)
      case .failed(let message):
        report.failures.append(BenchmarkJobFailure(job: job, message: message))
        jobSeconds.append(seconds)
      case .recordedElsewhere:
        report.alreadyRecorded += 1
      }
      let mean =
        jobSeconds.isEmpty ? Double.nan : jobSeconds.reduce(0, +) / Double(jobSeconds.count)
      onJob?(
        BenchmarkJobEvent(
          job: job, outcome: outcome,
          finished: report.alreadyRecorded + report.trained + report.failures.count,
          total: mine.count, seconds: seconds, elapsedSeconds: Date().timeIntervalSince(started),
          secondsRemaining: mean * Double(pending.count - position - 1),
          runDirectory: plan.runDirectory(for: job).url.path))
    }
    return report
  }

  /// Trains and records one job, unless another process recorded it meanwhile; rethrows only `RunInterrupted`.
  private func run(_ job: BenchmarkJob, in store: ResultsStore) throws -> BenchmarkJobEvent.Outcome
  {
    do {
      if try isRecorded(job, in: store) { return .recordedElsewhere }
      let directory = plan.runDirectory(for: job)
      let trainer = try StandaloneTrainer(
        configuration: plan.configuration(for: job), runDirectory: directory)
      trainer.onProgress = onProgress
      trainer.onLog = onLog
      let result = try trainer.train()
      let accuracy = 100 * result.testAccuracy
      do {
        try store.record(
          StoredResult(
            space: plan.training.space.rawValue, architecture: job.architecture,
            dataset: plan.training.dataset.rawValue, configHash: plan.protocolHash,
            seed: Int(job.seed), testAccuracy: accuracy, epochs: result.epochs,
            runDirectory: directory.url.path))
      } catch {
        // Another process on the same shard may have recorded it first.
        if try isRecorded(job, in: store) { return .recordedElsewhere }
        throw error
      }
      return .recorded(testAccuracy: accuracy)
    } catch let interrupted as RunInterrupted {
      throw interrupted
    } catch let error as CairnError {
      return .failed(error.description)
    } catch {
      return .failed("\(error)")
    }
  }

  /// Whether the store holds `job`'s row under its architecture text (what this build records).
  private func isRecorded(_ job: BenchmarkJob, in store: ResultsStore) throws(CairnError) -> Bool {
    try store.results(
      space: plan.training.space.rawValue, dataset: plan.training.dataset.rawValue,
      architecture: job.architecture, configHash: plan.protocolHash
    ).contains { $0.seed == Int(job.seed) }
  }
}
extension BenchmarkBuild: ReportsProgress {}

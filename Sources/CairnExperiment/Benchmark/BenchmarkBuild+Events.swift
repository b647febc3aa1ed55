import CairnCore

/// What happened to one job of a build, with the build's progress after it.
public struct BenchmarkJobEvent: Sendable {
  /// How a job ended.
  public enum Outcome: Sendable, Equatable {
    /// Trained (or resumed) and recorded, with its test accuracy in percent.
    case recorded(testAccuracy: Double)
    /// Found in the store when its turn came: another process recorded it.
    case recordedElsewhere
    /// Failed with this message; the build went on.
    case failed(String)
  }

  public var job: BenchmarkJob
  public var outcome: Outcome
  /// Jobs of the shard handled so far (recorded before or in this process, or failed), and the shard's jobs.
  public var finished: Int
  public var total: Int
  /// This job's wall time.
  public var seconds: Double
  /// Wall time since the build started in this process.
  public var elapsedSeconds: Double
  /// The mean time of the jobs run in this process times the jobs left; NaN before the first.
  public var secondsRemaining: Double
  public var runDirectory: String
}

/// A failed job and why.
public struct BenchmarkJobFailure: Sendable {
  public var job: BenchmarkJob
  public var message: String
}

/// The outcome of `BenchmarkBuild.run`.
public struct BenchmarkBuildReport: Sendable {
  public var shard: Shard
  /// The shard's jobs.
  public var jobs: Int
  /// Jobs whose row was in the store already (at the start, or recorded meanwhile by another process).
  public var alreadyRecorded: Int
  /// Jobs trained and recorded by this process.
  public var trained = 0
  public var failures: [BenchmarkJobFailure] = []

  public init(shard: Shard, jobs: Int, alreadyRecorded: Int) {
    self.shard = shard
    self.jobs = jobs
    self.alreadyRecorded = alreadyRecorded
  }
}

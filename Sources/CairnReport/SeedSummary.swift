import CairnRanking

/// One metric of one experiment arm summarized over its seeds: the mean, the sample standard
/// deviation and a confidence interval for the mean.
///
/// With n defined per-seed values v₁…vₙ (seeds where the metric is undefined are left out and
/// counted in `seedCount` only): mean = Σvᵢ / n, standard deviation s = √(Σ(vᵢ − mean)² / (n − 1))
/// (nil when n < 2). The interval for the mean is a seeded percentile bootstrap over the seeds
/// (`Bootstrap`, statistic = the mean of a resample of the n values) when n ≥ 2 — with few seeds
/// it is coarse and tends to be too narrow, so read it next to n. With a single seed the interval that
/// seed's own report gives (a bootstrap over architectures) is passed through instead, and
/// `intervalSource` says which it is.
public struct SeedSummary: Sendable, Hashable {
  /// Where an interval comes from.
  public enum IntervalSource: String, Sendable, Hashable {
    /// A bootstrap of the mean over seeds.
    case seeds
    /// The single seed's own bootstrap over architectures, passed through.
    case architectures
  }

  /// The defined per-seed values, in seed order.
  public var values: [Double]
  /// The seeds given, including those where the metric is undefined.
  public var seedCount: Int
  /// The mean of `values`, or nil when there are none.
  public var mean: Double?
  /// The sample standard deviation of `values` (divisor n − 1), or nil when there are fewer than two.
  public var standardDeviation: Double?
  /// The confidence interval for the mean, or nil when there is none.
  public var interval: BootstrapInterval?
  /// Where `interval` comes from, or nil when there is none.
  public var intervalSource: IntervalSource?

  /// The summary of `values` (one per seed, nil where undefined): with `bootstrap` and at least two
  /// defined values a bootstrap interval of the mean over seeds; otherwise, with exactly one value,
  /// `singleSeedInterval` passed through.
  public init(
    values: [Double?], bootstrap: Bootstrap?, singleSeedInterval: BootstrapInterval? = nil
  ) {
    let defined = values.compactMap { $0 }.filter(\.isFinite)
    self.values = defined
    seedCount = values.count
    mean = defined.isEmpty ? nil : defined.reduce(0, +) / Double(defined.count)
    standardDeviation = mean.flatMap { Self.sampleStandardDeviation(defined, mean: $0) }
    if defined.count >= 2, let bootstrap {
      interval = bootstrap.interval(sampleSize: defined.count) { indices in
        indices.reduce(0) { $0 + defined[$1] } / Double(indices.count)
      }
      intervalSource = .seeds
    } else if defined.count == 1, let singleSeedInterval {
      interval = singleSeedInterval
      intervalSource = .architectures
    } else {
      interval = nil
      intervalSource = nil
    }
  }

  /// √(Σ(vᵢ − mean)² / (n − 1)), or nil for fewer than two values.
  static func sampleStandardDeviation(_ values: [Double], mean: Double) -> Double? {
    guard values.count >= 2 else { return nil }
    let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    return (squares / Double(values.count - 1)).squareRoot()
  }
}

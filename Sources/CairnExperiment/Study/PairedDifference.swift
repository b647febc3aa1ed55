import CairnRanking

/// A variant's metric minus the baseline's, paired by seed: d_s = variant_s − baseline_s over the seeds where
/// both are defined, with a percentile-bootstrap interval of the mean of d over seeds (resampling seeds; at least
/// two needed). Pairing removes what a seed shares between arms — the evaluation pool, the landmarks, the data
/// order — so the interval is narrower than the two arms' intervals side by side.
public struct PairedDifference: Sendable, Hashable {
  /// The mean difference over the paired seeds.
  public var mean: Double
  /// The bootstrap interval of the mean; nil with fewer than two paired seeds or no bootstrap.
  public var interval: BootstrapInterval?
  /// The per-seed differences, in seed order.
  public var differences: [Double]

  /// nil when no seed has both values.
  public init?(variant: [UInt64: Double], baseline: [UInt64: Double], bootstrap: Bootstrap?) {
    let differences = variant.keys.sorted().compactMap { seed in
      variant[seed].flatMap { value in baseline[seed].map { value - $0 } }
    }
    .filter(\.isFinite)
    guard !differences.isEmpty else { return nil }
    self.differences = differences
    mean = differences.reduce(0, +) / Double(differences.count)
    if differences.count >= 2, let bootstrap {
      interval = bootstrap.interval(sampleSize: differences.count) { indices in
        indices.reduce(0) { $0 + differences[$1] } / Double(indices.count)
      }
    }
  }

  /// +1 when the interval lies above 0, −1 when below, 0 when it holds 0 or there is none.
  public var sign: Int {
    guard let lower = interval?.lower, let upper = interval?.upper else { return 0 }
    return lower > 0 ? 1 : upper < 0 ? -1 : 0
  }
}

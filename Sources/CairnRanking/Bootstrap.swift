import CairnCore
import Dispatch
import Foundation

/// Seeded percentile-bootstrap confidence intervals for statistics of n paired observations.
///
/// Resample b (0 ≤ b < B = `resamples`) draws n indices uniformly with replacement from 0..<n —
/// architectures, with their score and ground truth kept together — from its own stream,
/// `RandomStream(seed: seed, name: "bootstrap").derived("resample b")`, so the same seed gives the same
/// intervals on every platform and whatever the number of threads. Resamples are evaluated in parallel
/// on the available cores (the statistic must be `@Sendable`). A resample on which the statistic is
/// undefined (nil or NaN, e.g. τ_b of a resample with constant values) is skipped and
/// `BootstrapInterval.validResamples` says how many counted. The interval at `level` (1 − α) is
/// the α/2 and 1 − α/2 quantiles of the valid values, by linear interpolation between order statistics
/// (NumPy's default `percentile`). Several statistics can share the same resamples
/// (`intervals(sampleSize:statisticCount:statistics:)`), which keeps them comparable.
///
/// Cost: B evaluations of the statistic plus O(B·n) draws, then sorting B values per statistic.
public struct Bootstrap: Sendable, Hashable, Codable {
  /// B, the number of resamples.
  public var resamples: Int
  /// The confidence level, in (0, 1).
  public var level: Double
  /// The seed of the resampling stream.
  public var seed: UInt64

  /// A bootstrap of `resamples` resamples at confidence `level`, seeded with `seed`.
  public init(resamples: Int = 1000, level: Double = 0.95, seed: UInt64) {
    precondition(resamples >= 1, "the bootstrap needs at least one resample")
    precondition(level > 0 && level < 1, "confidence level must be in (0, 1), got \(level)")
    self.resamples = resamples
    self.level = level
    self.seed = seed
  }

  /// The interval for one statistic of a sample of `sampleSize` observations; `statistic` receives the
  /// resampled indices (length `sampleSize`, repeats allowed) and returns nil when undefined.
  public func interval(sampleSize: Int, statistic: @escaping @Sendable ([Int]) -> Double?)
    -> BootstrapInterval
  {
    intervals(sampleSize: sampleSize, statisticCount: 1) { [statistic($0)] }[0]
  }

  /// Intervals for `statisticCount` statistics evaluated on the same resamples; `statistics` returns one
  /// value (or nil) per statistic for each resample.
  public func intervals(
    sampleSize: Int, statisticCount: Int, statistics: @escaping @Sendable ([Int]) -> [Double?]
  ) -> [BootstrapInterval] {
    precondition(sampleSize >= 1, "the bootstrap needs a non-empty sample")
    let resamples = self.resamples
    let base = RandomStream(seed: seed, name: "bootstrap")
    let storage = UnsafeMutableBufferPointer<Double>.allocate(capacity: resamples * statisticCount)
    storage.initialize(repeating: .nan)
    defer { storage.deallocate() }
    // Each resample writes only its own slots, so the workers never touch the same element.
    nonisolated(unsafe) let results = storage
    let workers = max(1, min(resamples, ProcessInfo.processInfo.activeProcessorCount))
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
      var indices = [Int](repeating: 0, count: sampleSize)
      for resample in stride(from: worker, to: resamples, by: workers) {
        var random = base.derived("resample \(resample)")
        for i in 0..<sampleSize { indices[i] = random.int(below: sampleSize) }
        let values = statistics(indices)
        precondition(
          values.count == statisticCount, "expected \(statisticCount) statistics per resample")
        for (s, value) in values.enumerated() {
          results[resample * statisticCount + s] = value ?? .nan
        }
      }
    }
    return (0..<statisticCount).map { s in
      let sorted = (0..<resamples).map { results[$0 * statisticCount + s] }.filter { !$0.isNaN }
        .sorted()
      return BootstrapInterval(
        lower: Self.quantile(sorted, (1 - level) / 2),
        upper: Self.quantile(sorted, (1 + level) / 2),
        level: level, resamples: resamples, validResamples: sorted.count)
    }
  }

  /// The p-quantile of ascending `sorted` values, linear between order statistics: with h = (m − 1)·p,
  /// v[⌊h⌋] + (h − ⌊h⌋)(v[⌊h⌋ + 1] − v[⌊h⌋]). Nil for no values.
  static func quantile(_ sorted: [Double], _ p: Double) -> Double? {
    guard !sorted.isEmpty else { return nil }
    let h = Double(sorted.count - 1) * p
    let low = Int(h.rounded(.down))
    let high = min(low + 1, sorted.count - 1)
    let fraction = h - Double(low)
    return fraction == 0 ? sorted[low] : sorted[low] + fraction * (sorted[high] - sorted[low])
  }
}

/// A percentile-bootstrap confidence interval and how many resamples it rests on.
public struct BootstrapInterval: Sendable, Hashable, Codable {
  /// The lower end, or nil when no resample gave a defined value.
  public var lower: Double?
  /// The upper end, or nil when no resample gave a defined value.
  public var upper: Double?
  /// The confidence level, e.g. 0.95.
  public var level: Double
  /// The resamples drawn (B).
  public var resamples: Int
  /// The resamples on which the statistic was defined; the interval rests on these alone.
  public var validResamples: Int
}

import CairnBenchmarks
import CairnCore
import CairnRanking
import CairnTraining
import Foundation

/// A built benchmark's own noise: how two training seeds of the same architectures agree.
///
/// The seed-to-seed Kendall tau-b is the ceiling any super-net (or any other proxy) can reach against the
/// benchmark: a ranking cannot agree with one seed's accuracies better than another seed of the same protocol does.
public struct BenchmarkNoise: Sendable {
  /// The two seeds compared.
  public var seeds: (first: UInt64, second: UInt64)
  /// The architectures recorded with both seeds.
  public var architectures: Int
  /// Kendall tau-b between the two seeds' accuracies over those architectures, with a bootstrap interval.
  public var kendallTau: MetricEstimate
  /// Spearman's rho between them, with a bootstrap interval on the same resamples.
  public var spearman: MetricEstimate
  /// The mean over architectures of |accuracy(first) − accuracy(second)|, in points.
  public var meanAbsoluteDifference: Double
}

/// The spread of a built benchmark's accuracies under its first seed.
public struct BenchmarkSpread: Sendable {
  public var architectures: Int
  public var mean: Double
  public var standardDeviation: Double
  public var minimum: Double
  public var maximum: Double
}

/// What a build's recorded rows show so far.
public struct BenchmarkQuality: Sendable {
  /// The spread of the first seed's accuracies, or nil when fewer than two are recorded.
  public var spread: BenchmarkSpread?
  /// The agreement of the first seed with the first extra seed, or nil (see `BenchmarkBuild.quality`).
  public var noise: BenchmarkNoise?
}

extension BenchmarkBuild {
  /// The spread and the seed-to-seed noise of the rows recorded so far, from one read of the store (nothing when
  /// the store does not exist). The noise compares the plan's first seed with its first extra seed over the
  /// architectures recorded with both; it is nil without an extra seed or with fewer than three such
  /// architectures. Its intervals resample architectures (`bootstrap`).
  public func quality(bootstrap: Bootstrap = Bootstrap(resamples: 2000, seed: 0))
    throws(CairnError) -> BenchmarkQuality
  {
    guard FileManager.default.fileExists(atPath: plan.store) else { return BenchmarkQuality() }
    let accuracies = try recordedAccuracies(in: ResultsStore(path: plan.store))
    return BenchmarkQuality(
      spread: spread(accuracies), noise: noise(accuracies, bootstrap: bootstrap))
  }

  private func spread(_ accuracies: [Int: Double]) -> BenchmarkSpread? {
    let values = jobs.filter { $0.seed == plan.seeds[0] }.compactMap { accuracies[$0.number] }
    guard values.count >= 2 else { return nil }
    let mean = values.reduce(0, +) / Double(values.count)
    let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)
    return BenchmarkSpread(
      architectures: values.count, mean: mean, standardDeviation: variance.squareRoot(),
      minimum: values.min() ?? mean, maximum: values.max() ?? mean)
  }

  private func noise(_ accuracies: [Int: Double], bootstrap: Bootstrap) -> BenchmarkNoise? {
    guard let second = plan.extraSeeds?.seeds.first else { return nil }
    let first = plan.seeds[0]
    var accuracy: [String: [UInt64: Double]] = [:]
    for job in jobs { accuracy[job.identity, default: [:]][job.seed] = accuracies[job.number] }
    let pairs = jobs.filter { $0.seed == first }.compactMap { job -> (Double, Double)? in
      guard let a = accuracy[job.identity]?[first], let b = accuracy[job.identity]?[second] else {
        return nil
      }
      return (a, b)
    }
    guard pairs.count >= 3 else { return nil }
    let x = pairs.map(\.0)
    let y = pairs.map(\.1)
    let intervals = bootstrap.intervals(sampleSize: pairs.count, statisticCount: 2) { indices in
      let xs = indices.map { x[$0] }
      let ys = indices.map { y[$0] }
      return [kendallTauB(xs, ys), spearmanRho(xs, ys)]
    }
    return BenchmarkNoise(
      seeds: (first, second), architectures: pairs.count,
      kendallTau: MetricEstimate(
        key: "kendall_tau_b", name: "Kendall tau-b", unit: .coefficient, value: kendallTauB(x, y),
        interval: intervals[0]),
      spearman: MetricEstimate(
        key: "spearman_rho", name: "Spearman rho", unit: .coefficient, value: spearmanRho(x, y),
        interval: intervals[1]),
      meanAbsoluteDifference: zip(x, y).map { abs($0 - $1) }.reduce(0, +) / Double(pairs.count))
  }
}

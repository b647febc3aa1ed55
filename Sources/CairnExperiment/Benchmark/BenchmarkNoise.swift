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

extension BenchmarkBuild {
  /// The spread of the first seed's recorded accuracies, or nil when fewer than two are recorded.
  public func spread() throws(CairnError) -> BenchmarkSpread? {
    guard FileManager.default.fileExists(atPath: plan.store) else { return nil }
    let accuracies = try recordedAccuracies(in: ResultsStore(path: plan.store))
    let values = jobs.filter { $0.seed == plan.seeds[0] }.compactMap { accuracies[$0.number] }
    guard values.count >= 2 else { return nil }
    let mean = values.reduce(0, +) / Double(values.count)
    let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)
    return BenchmarkSpread(
      architectures: values.count, mean: mean, standardDeviation: variance.squareRoot(),
      minimum: values.min() ?? mean, maximum: values.max() ?? mean)
  }

  /// The agreement of the plan's first seed with its first extra seed over the architectures recorded with both,
  /// or nil when the plan has no extra seed or fewer than three architectures have both. The intervals resample
  /// architectures (`bootstrap`).
  public func noise(bootstrap: Bootstrap = Bootstrap(resamples: 2000, seed: 0)) throws(CairnError)
    -> BenchmarkNoise?
  {
    guard let second = plan.extraSeeds?.seeds.first,
      FileManager.default.fileExists(atPath: plan.store)
    else { return nil }
    let first = plan.seeds[0]
    let accuracies = try recordedAccuracies(in: ResultsStore(path: plan.store))
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

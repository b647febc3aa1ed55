import CairnCore
import Testing

@testable import CairnRanking

@Suite struct BootstrapTests {
  static func correlatedSample(_ count: Int, seed: UInt64) -> (x: [Double], y: [Double]) {
    var random = RandomStream(seed: seed, name: "bootstrap sample")
    let x = normalValues(count, random: &random)
    let y = x.map { $0 + 0.8 * random.normal() }
    return (x, y)
  }

  @Test func sameSeedSameIntervalsOtherSeedOtherIntervals() {
    let (x, y) = Self.correlatedSample(150, seed: 1)
    let tau: @Sendable ([Int]) -> Double? = { indices in
      kendallTauB(indices.map { x[$0] }, indices.map { y[$0] })
    }
    let first = Bootstrap(resamples: 200, seed: 42).interval(sampleSize: x.count, statistic: tau)
    let again = Bootstrap(resamples: 200, seed: 42).interval(sampleSize: x.count, statistic: tau)
    let other = Bootstrap(resamples: 200, seed: 43).interval(sampleSize: x.count, statistic: tau)
    #expect(first == again)
    #expect(first != other)
    #expect(first.validResamples == 200)
    #expect(first.resamples == 200)
    #expect(first.level == 0.95)
  }

  @Test func intervalBracketsTheEstimateOnAWellBehavedSample() {
    let (x, y) = Self.correlatedSample(300, seed: 2)
    let estimate = kendallTauB(x, y)!
    let interval = Bootstrap(resamples: 400, seed: 7).interval(sampleSize: x.count) { indices in
      kendallTauB(indices.map { x[$0] }, indices.map { y[$0] })
    }
    let lower = interval.lower!
    let upper = interval.upper!
    #expect(lower < estimate && estimate < upper)
    #expect(upper - lower < 0.2)
    // A wider level gives a wider interval from the same resamples.
    let wide = Bootstrap(resamples: 400, level: 0.99, seed: 7).interval(sampleSize: x.count) {
      indices in
      kendallTauB(indices.map { x[$0] }, indices.map { y[$0] })
    }
    #expect(wide.lower! <= lower && wide.upper! >= upper)
  }

  @Test func undefinedResamplesAreSkippedAndCounted() {
    // Two distinct values among five: a resample that misses one of them is constant, and τ undefined.
    let x = [0.0, 0, 0, 0, 1]
    let y = [1.0, 2, 3, 4, 5]
    let interval = Bootstrap(resamples: 500, seed: 3).interval(sampleSize: 5) { indices in
      kendallTauB(indices.map { x[$0] }, indices.map { y[$0] })
    }
    // P(index 4 absent) = (4/5)^5 ≈ 0.33, so about two thirds of resamples count.
    #expect(interval.validResamples > 250 && interval.validResamples < 420)
    #expect(interval.lower != nil)
    let never = Bootstrap(resamples: 10, seed: 3).interval(sampleSize: 5) { _ in nil }
    #expect(never.validResamples == 0)
    #expect(never.lower == nil && never.upper == nil)
  }

  @Test func sharedResamplesKeepStatisticsPaired() {
    let (x, y) = Self.correlatedSample(80, seed: 4)
    let bootstrap = Bootstrap(resamples: 100, seed: 9)
    let both = bootstrap.intervals(sampleSize: x.count, statisticCount: 2) { indices in
      [
        kendallTauB(indices.map { x[$0] }, indices.map { y[$0] }),
        pearsonR(indices.map { x[$0] }, indices.map { y[$0] }),
      ]
    }
    let tauAlone = bootstrap.interval(sampleSize: x.count) { indices in
      kendallTauB(indices.map { x[$0] }, indices.map { y[$0] })
    }
    #expect(both[0] == tauAlone)
    #expect(both[1].lower! > both[0].lower!)
  }

  @Test func eachResampleDrawsFromItsOwnDerivedStream() {
    // One resample of 6 indices, encoded in one number: the interval is that number at both ends.
    let interval = Bootstrap(resamples: 1, seed: 21).interval(sampleSize: 6) { indices in
      Double(indices.reduce(0) { $0 * 6 + $1 })
    }
    var random = RandomStream(seed: 21, name: "bootstrap").derived("resample 0")
    let expected = (0..<6).map { _ in random.int(below: 6) }.reduce(0) { $0 * 6 + $1 }
    #expect(interval.lower == Double(expected))
    #expect(interval.upper == Double(expected))
  }

  @Test func quantilesInterpolateLikeNumPy() {
    // numpy.percentile([1, 2, 3, 4], [50, 2.5, 97.5]) = [2.5, 1.075, 3.925]
    let values = [1.0, 2, 3, 4]
    #expect(Bootstrap.quantile(values, 0.5) == 2.5)
    #expect(abs(Bootstrap.quantile(values, 0.025)! - 1.075) < 1e-12)
    #expect(abs(Bootstrap.quantile(values, 0.975)! - 3.925) < 1e-12)
    #expect(Bootstrap.quantile([7], 0.3) == 7)
    #expect(Bootstrap.quantile([], 0.5) == nil)
  }
}

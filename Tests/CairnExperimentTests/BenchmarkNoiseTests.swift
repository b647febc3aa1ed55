import CairnBenchmarks
import CairnCore
import Foundation
import Testing

@testable import CairnExperiment

/// A build's spread and seed-to-seed noise, against values worked out by hand.
@Suite struct BenchmarkNoiseTests {
  static let cells = [
    "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|",
    "|skip_connect~0|+|none~0|none~1|+|none~0|none~1|none~2|",
    "|nor_conv_3x3~0|+|none~0|none~1|+|none~0|none~1|none~2|",
    "|nor_conv_1x1~0|+|none~0|none~1|+|none~0|none~1|none~2|",
    "|avg_pool_3x3~0|+|none~0|none~1|+|none~0|none~1|none~2|",
  ]

  func build(store: String) throws -> BenchmarkBuild {
    let list = Self.cells.map { "  - '\($0)'" }.joined(separator: "\n")
    let plan = try BenchmarkPlan.parse(
      """
      space: nb201
      dataset: cifar10
      channels: 4
      cells_per_stage: 1
      architectures:
      \(list)
      seeds: [0]
      extra_seeds: {architectures: 4, seeds: [1]}
      store: \(store)
      runs: r
      """, path: "plan.yaml")
    return try BenchmarkBuild(plan: plan)
  }

  @Test func spreadAndSeedToSeedAgreementMatchHandComputedValues() throws {
    let store = FileManager.default.temporaryDirectory.appendingPathComponent(
      "cairn-noise-\(UUID()).sqlite"
    ).path
    defer { try? FileManager.default.removeItem(atPath: store) }
    let build = try build(store: store)
    #expect(try build.quality().noise == nil, "no store yet")
    // Seed 0: 50, 60, 70, 80 and 65 (the fifth cell has no second seed); seed 1: 52, 58, 75, 71.
    // Seed-1 ranks 1, 2, 4, 3 against 1, 2, 3, 4: 5 concordant pairs, 1 discordant, tau-b = 4/6.
    let first: [Double] = [50, 60, 70, 80, 65]
    let second: [Double] = [52, 58, 75, 71]
    let results: [StoredResult] =
      zip(Self.cells, first).map { row(build, $0, seed: 0, $1) }
      + zip(Self.cells, second).map { row(build, $0, seed: 1, $1) }
    try ResultsStore(path: store).record(contentsOf: results)

    let quality = try build.quality(bootstrap: .init(resamples: 200, seed: 1))
    let spread = try #require(quality.spread)
    #expect(spread.architectures == 5)
    #expect(abs(spread.mean - 65) < 1e-12)
    // Deviations −15, −5, 5, 15, 0: sample variance 500 / 4.
    #expect(abs(spread.standardDeviation - (500.0 / 4).squareRoot()) < 1e-12)
    #expect(spread.minimum == 50 && spread.maximum == 80)

    let noise = try #require(quality.noise)
    #expect(noise.architectures == 4)
    #expect(abs((noise.kendallTau.value ?? 0) - 4.0 / 6) < 1e-12)
    // Spearman on ranks (1, 2, 3, 4) vs (1, 2, 4, 3): 1 − 6·2 / (4·15) = 0.8.
    #expect(abs((noise.spearman.value ?? 0) - 0.8) < 1e-12)
    #expect(abs(noise.meanAbsoluteDifference - 4.5) < 1e-12)
    #expect(noise.kendallTau.interval?.validResamples ?? 0 > 0)
  }

  func row(_ build: BenchmarkBuild, _ cell: String, seed: Int, _ accuracy: Double) -> StoredResult {
    StoredResult(
      space: "nb201", architecture: cell, dataset: "cifar10", configHash: build.plan.protocolHash,
      seed: seed, testAccuracy: accuracy, epochs: 1, runDirectory: nil)
  }
}

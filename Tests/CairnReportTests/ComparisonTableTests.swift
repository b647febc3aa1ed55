import CairnCore
import CairnRanking
import Testing

@testable import CairnReport

@Suite struct ComparisonTableTests {
  /// A real report whose Kendall tau-b (and optionally interval) is then set by hand.
  static func report(kendallTau: Double?, interval: BootstrapInterval? = nil, topK: Int = 2) throws
    -> RankingReport
  {
    var report = try RankingReport(
      scores: [0.1, 0.4, 0.2, 0.3], truth: [90, 93, 91, 92],
      options: .init(topK: topK, bootstrap: nil))
    report.kendallTau.value = kendallTau
    report.kendallTau.interval = interval
    return report
  }

  static func arm(_ name: String, _ values: [Double?]) throws -> ComparisonTable.Arm {
    ComparisonTable.Arm(name: name, reports: try values.map { try report(kendallTau: $0) })
  }

  @Test func meanAndSampleStandardDeviationOverSeeds() throws {
    let table = try ComparisonTable(
      arms: [try Self.arm("A", [0.5, 0.6, 0.7]), try Self.arm("B", [0.2, 0.4])],
      metricKeys: ["kendall_tau_b"], bootstrap: nil)
    #expect(table.rows.count == 2)
    let a = table.rows[0].summary
    #expect(abs(a.mean! - 0.6) < 1e-12)
    #expect(abs(a.standardDeviation! - 0.1) < 1e-12)
    let b = table.rows[1].summary
    #expect(abs(b.mean! - 0.3) < 1e-12)
    #expect(abs(b.standardDeviation! - 0.02.squareRoot()) < 1e-12)
    #expect(a.interval == nil && b.interval == nil)
    #expect(
      table.markdown() == """
        | Metric        | Arm | Seeds |      Mean ± std |
        | :------------ | :-- | ----: | --------------: |
        | Kendall tau-b | A   |     3 | 0.6000 ± 0.1000 |
        | Kendall tau-b | B   |     2 | 0.3000 ± 0.1414 |

        """)
  }

  @Test func undefinedSeedsAreLeftOutAndCounted() throws {
    let table = try ComparisonTable(
      arms: [try Self.arm("A", [0.8, nil, 0.6])], metricKeys: ["kendall_tau_b"], bootstrap: nil)
    let summary = table.rows[0].summary
    #expect(summary.seedCount == 3 && summary.values == [0.8, 0.6])
    #expect(table.reportTable().rows[0][2] == "2 of 3")
    #expect(table.reportTable().rows[0][3] == "0.7000 ± 0.1414")
  }

  @Test func bootstrapOverSeedsIsSeededAndInsideTheRange() throws {
    let values = [0.50, 0.58, 0.61, 0.66, 0.70]
    let bootstrap = Bootstrap(resamples: 500, seed: 7)
    let table = try ComparisonTable(
      arms: [try Self.arm("A", values)], metricKeys: ["kendall_tau_b"], bootstrap: bootstrap)
    let summary = table.rows[0].summary
    let interval = try #require(summary.interval)
    #expect(summary.intervalSource == .seeds)
    #expect(interval.lower! >= values.min()! && interval.upper! <= values.max()!)
    #expect(interval.lower! < summary.mean! && summary.mean! < interval.upper!)
    let direct = bootstrap.interval(sampleSize: values.count) { indices in
      indices.reduce(0) { $0 + values[$1] } / Double(indices.count)
    }
    #expect(interval == direct)
    let again = try ComparisonTable(
      arms: [try Self.arm("A", values)], metricKeys: ["kendall_tau_b"], bootstrap: bootstrap)
    #expect(again == table)
    let header = table.reportTable().header
    #expect(header.last == "95% CI of mean")
    #expect(
      table.reportTable().rows[0][4]
        == EstimateFormat.interval(interval.lower, interval.upper, digits: 4))
  }

  @Test func aSingleSeedPassesItsOwnIntervalThrough() throws {
    let sample = [0.41, 0.5, 0.55, 0.62]
    let own = Bootstrap(resamples: 100, level: 0.9, seed: 3).interval(sampleSize: 4) { indices in
      indices.map { sample[$0] }.max()
    }
    let arm = ComparisonTable.Arm(
      name: "solo", reports: [try Self.report(kendallTau: 0.5, interval: own)])
    let table = try ComparisonTable(arms: [arm], metricKeys: ["kendall_tau_b"])
    #expect(table.rows[0].summary.interval == own)
    #expect(table.rows[0].summary.intervalSource == .architectures)
    #expect(table.rows[0].summary.standardDeviation == nil)
    let row = table.reportTable().rows[0]
    let expected = EstimateFormat.interval(own.lower, own.upper, digits: 4) + " (architectures)"
    #expect(row == ["Kendall tau-b", "solo", "1", "0.5000", expected])
    #expect(table.reportTable().header.last == "90% CI of mean")
  }

  @Test func defaultMetricsAreThoseOfARankingReport() throws {
    let reports = try (0..<2).map { seed in
      try RankingReport(
        scores: [0.1, 0.4, 0.2, 0.3, 0.5, Double(seed)], truth: [90, 93, 91, 92, 94, 89],
        options: .init(topK: 2, bootstrap: nil))
    }
    let table = try ComparisonTable(
      arms: [ComparisonTable.Arm(name: "A", reports: reports)],
      bootstrap: Bootstrap(resamples: 50, seed: 1))
    #expect(table.rows.map(\.metricKey) == ComparisonTable.defaultMetricKeys)
    #expect(table.rows.map(\.metricName).contains("Precision@2"))
    #expect(table.rows.map(\.metricName).contains("Kendall tau-b"))
    let csv = table.csv().split(separator: "\n")
    #expect(
      csv[0]
        == "metric_key,metric,arm,seeds,defined_seeds,mean,std,ci_lower,ci_upper,ci_level,ci_source"
    )
    #expect(csv.count == ComparisonTable.defaultMetricKeys.count + 1)
    #expect(csv.dropFirst().allSatisfy { $0.hasSuffix(",0.950000,seeds") })
    let html = table.html(caption: "Arms")
    #expect(try XMLCheck.count("tr", in: html) == ComparisonTable.defaultMetricKeys.count + 1)
  }

  @Test func summaryOfNoDefinedValues() {
    let summary = SeedSummary(values: [nil, .nan], bootstrap: Bootstrap(resamples: 10, seed: 0))
    #expect(summary.seedCount == 2 && summary.values.isEmpty)
    #expect(summary.mean == nil && summary.standardDeviation == nil && summary.interval == nil)
  }

  @Test func rejectsBadArmsAndKeys() throws {
    let good = try Self.arm("A", [0.5])
    #expect(throws: CairnError.self) { try ComparisonTable(arms: []) }
    #expect(throws: CairnError.self) { try ComparisonTable(arms: [good, good]) }
    #expect(throws: CairnError.self) {
      try ComparisonTable(arms: [ComparisonTable.Arm(name: "empty", reports: [])])
    }
    #expect(throws: CairnError.self) { try ComparisonTable(arms: [good], metricKeys: ["tau"]) }
    let otherK = ComparisonTable.Arm(
      name: "K3", reports: [try Self.report(kendallTau: 0.5, topK: 3)])
    #expect(throws: CairnError.self) {
      try ComparisonTable(arms: [good, otherK], metricKeys: ["precision_at_k"])
    }
    #expect(throws: Never.self) {
      try ComparisonTable(arms: [good, otherK], metricKeys: ["kendall_tau_b"])
    }
  }
}

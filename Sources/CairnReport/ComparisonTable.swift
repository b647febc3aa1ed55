import CairnCore
import CairnRanking

/// Ranking metrics of several experiment arms, each run with several seeds, side by side.
///
/// For every metric (a `MetricEstimate.key` of `RankingReport`) and every arm, in the order given,
/// the per-seed values are summarized by a `SeedSummary`: mean ± sample standard deviation over the
/// seeds and a seeded bootstrap interval of the mean over seeds (or, for a single seed, that seed's own
/// interval passed through). All arms must compute a metric the same way: a metric whose display name
/// differs between reports (e.g. "Precision@10" against "Precision@5") is rejected. Rows are ordered by
/// metric, then arm, so the arms of one metric sit together.
///
/// Rendered as a `ReportTable` (`reportTable()`, `markdown()`, `html()`) with the columns metric,
/// arm, seeds, mean ± std and the interval, and as CSV with machine-readable numbers (`csv()`).
/// Complexity: O(A·S·M) plus one bootstrap of B resamples per (metric, arm).
public struct ComparisonTable: Sendable, Hashable {
  /// One experiment arm: a name and one ranking report per seed.
  public struct Arm: Sendable, Hashable {
    /// The arm's name, e.g. "baseline" or "landmarks λ=0.5".
    public var name: String
    /// The reports, one per seed, in seed order.
    public var reports: [RankingReport]

    /// The arm `name` with one report per seed.
    public init(name: String, reports: [RankingReport]) {
      self.name = name
      self.reports = reports
    }
  }

  /// One metric of one arm.
  public struct Row: Sendable, Hashable {
    /// The metric's key, e.g. "kendall_tau_b".
    public var metricKey: String
    /// The metric's display name, e.g. "Kendall tau-b".
    public var metricName: String
    /// The kind of number the metric is.
    public var unit: MetricEstimate.Unit
    /// The arm's name.
    public var arm: String
    /// The metric summarized over the arm's seeds.
    public var summary: SeedSummary
  }

  /// The metrics compared by default: the landmark authors' S-KdT, Cairn's binned S-KdT, Kendall's
  /// τ_b, Spearman's ρ, Pearson's r (the width challenge's second metric) and precision@K.
  public static let defaultMetricKeys = [
    "sparse_kendall_tau_landmark_authors", "sparse_kendall_tau_binned", "kendall_tau_b",
    "spearman_rho", "pearson_r", "precision_at_k",
  ]

  /// The rows, by metric then arm.
  public var rows: [Row]

  /// Summarizes `metricKeys` for each of `arms` (non-empty, distinct names, at least one report
  /// each); `bootstrap` draws the intervals over seeds (nil for none). Throws
  /// `CairnError.invalidInput` for an unknown key, an arm without reports, a repeated arm name, or a
  /// metric whose name differs between reports.
  public init(
    arms: [Arm], metricKeys: [String] = defaultMetricKeys,
    bootstrap: Bootstrap? = Bootstrap(resamples: 2_000, seed: 0)
  ) throws(CairnError) {
    guard !arms.isEmpty else {
      throw CairnError.invalidInput("a comparison needs at least one arm")
    }
    var names = Set<String>()
    for arm in arms {
      guard names.insert(arm.name).inserted else {
        throw CairnError.invalidInput("arm \"\(arm.name)\" is listed twice")
      }
      guard !arm.reports.isEmpty else {
        throw CairnError.invalidInput("arm \"\(arm.name)\" has no reports")
      }
    }
    var rows: [Row] = []
    for key in metricKeys {
      var first: MetricEstimate?
      for arm in arms {
        var estimates: [MetricEstimate] = []
        for report in arm.reports {
          guard let estimate = report.metrics.first(where: { $0.key == key }) else {
            let known = report.metrics.map(\.key).joined(separator: ", ")
            throw CairnError.invalidInput("unknown metric \"\(key)\"; known metrics: \(known)")
          }
          if let first, first.name != estimate.name {
            throw CairnError.invalidInput(
              "metric \"\(key)\" is \"\(first.name)\" in one report but \"\(estimate.name)\" in "
                + "arm \"\(arm.name)\"; compare reports computed with the same options")
          }
          first = first ?? estimate
          estimates.append(estimate)
        }
        let summary = SeedSummary(
          values: estimates.map(\.value), bootstrap: bootstrap,
          singleSeedInterval: estimates.count == 1 ? estimates[0].interval : nil)
        rows.append(
          Row(
            metricKey: key, metricName: estimates[0].name, unit: estimates[0].unit, arm: arm.name,
            summary: summary))
      }
    }
    self.rows = rows
  }
}

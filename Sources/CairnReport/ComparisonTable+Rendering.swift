import CairnRanking

extension ComparisonTable {
  /// The comparison as a table: metric, arm, seeds ("3", or "2 of 3" when the metric is undefined for
  /// one seed), "mean ± std", and — when any row has one — the interval of the mean, headed with its
  /// level ("95% CI of mean"); an interval passed through from a single seed's report is marked
  /// "(architectures)". Numbers carry `EstimateFormat.digits(for:)` decimals.
  public func reportTable(caption: String? = nil) -> ReportTable {
    let level = rows.lazy.compactMap(\.summary.interval?.level).first
    var header = ["Metric", "Arm", "Seeds", "Mean ± std"]
    if let level { header.append("\(FixedPoint.significant(level * 100, digits: 4))% CI of mean") }
    let body = rows.map { row -> [String] in
      let summary = row.summary
      let digits = EstimateFormat.digits(for: row.unit)
      let seeds =
        summary.values.count == summary.seedCount
        ? "\(summary.seedCount)" : "\(summary.values.count) of \(summary.seedCount)"
      var cells = [
        row.metricName, row.arm, seeds,
        EstimateFormat.meanAndDeviation(summary.mean, summary.standardDeviation, digits: digits),
      ]
      if level != nil {
        var interval = EstimateFormat.interval(
          summary.interval?.lower, summary.interval?.upper, digits: digits)
        if summary.intervalSource == .architectures { interval += " (architectures)" }
        cells.append(interval)
      }
      return cells
    }
    return ReportTable(
      header: header, rows: body,
      alignments: [.leading, .leading, .trailing, .trailing, .trailing],
      caption: caption)
  }

  /// The comparison as a Markdown table (`reportTable().markdown()`).
  public func markdown() -> String {
    reportTable().markdown()
  }

  /// The comparison as an HTML `<table>` (`reportTable(caption:).html()`).
  public func html(caption: String? = nil) -> String {
    reportTable(caption: caption).html()
  }

  /// The comparison as CSV for further analysis, one record per row with the columns metric_key,
  /// metric, arm, seeds, defined_seeds, mean, std, ci_lower, ci_upper, ci_level, ci_source; numbers
  /// with 6 decimals, missing values empty.
  public func csv() -> String {
    let header = [
      "metric_key", "metric", "arm", "seeds", "defined_seeds", "mean", "std", "ci_lower",
      "ci_upper",
      "ci_level", "ci_source",
    ]
    func number(_ value: Double?) -> String {
      guard let value, value.isFinite else { return "" }
      return FixedPoint.fixed(value, digits: 6)
    }
    let body = rows.map { row -> [String] in
      let summary = row.summary
      return [
        row.metricKey, row.metricName, row.arm, "\(summary.seedCount)", "\(summary.values.count)",
        number(summary.mean), number(summary.standardDeviation), number(summary.interval?.lower),
        number(summary.interval?.upper), number(summary.interval?.level),
        summary.intervalSource?.rawValue ?? "",
      ]
    }
    return ReportTable(header: header, rows: body).csv()
  }
}

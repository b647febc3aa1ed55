import CairnCore
import CairnReport
import Foundation

extension StudySummary {
  /// The metrics the Markdown table shows, in order (the CSV holds every one).
  static let tableMetrics: [StudyMetric] = [
    .sparseKendallTau, .sparseKendallTauBinned, .kendallTau, .probabilitySurpassingRandom,
    .finalPerformance, .supernetAccuracy,
  ]

  /// One line per arm: the heuristic, the variant, each table metric's mean ± std and, for the variants, the
  /// paired difference to the baseline with its interval.
  public func table() -> ReportTable {
    var header = ["heuristic", "variant"]
    for metric in Self.tableMetrics { header += [metric.name, "Δ \(metric.name)"] }
    var table = ReportTable(
      header: header, rows: [],
      alignments: [.leading, .leading]
        + Array(repeating: .trailing, count: 2 * Self.tableMetrics.count))
    let arms = rows(of: .sparseKendallTau)
    for arm in arms {
      var line = [arm.heuristic?.rawValue ?? "(baseline)", arm.variant]
      for metric in Self.tableMetrics {
        guard let row = rows.first(where: { $0.arm == arm.arm && $0.metric == metric }) else {
          continue
        }
        line += [
          Self.meanAndSpread(row.summary),
          row.heuristic == nil ? "" : Self.describe(row.difference),
        ]
      }
      table.append(line)
    }
    return table
  }

  /// Long form: arm, metric, mean, std, interval of the mean, paired difference and its interval, per-seed values.
  public func csv() -> String {
    var table = ReportTable(
      header: [
        "heuristic", "variant", "arm", "metric", "seeds", "mean", "std", "lower", "upper",
        "difference",
        "difference_lower", "difference_upper", "values",
      ], rows: [], alignments: Array(repeating: .leading, count: 13))
    func number(_ value: Double?) -> String { value.map { String(format: "%.6g", $0) } ?? "" }
    for row in rows {
      table.append([
        row.heuristic?.rawValue ?? "", row.variant, row.arm, row.metric.rawValue,
        "\(row.summary.values.count)", number(row.summary.mean),
        number(row.summary.standardDeviation),
        number(row.summary.interval?.lower), number(row.summary.interval?.upper),
        number(row.difference?.mean), number(row.difference?.interval?.lower),
        number(row.difference?.interval?.upper),
        row.summary.values.map { String(format: "%.6g", $0) }.joined(separator: " "),
      ])
    }
    return table.csv()
  }

  /// study.md: the setup, the verdicts and the table.
  public func markdown() -> String {
    var text = "# Study: \(plan.name)\n\n"
    text += setupLines().map { "- \($0)\n" }.joined() + "\n"
    text += "## Verdicts (S-KdT, landmark authors; paired bootstrap interval over seeds)\n\n"
    text += verdicts.map { "- \($0.line)\n" }.joined() + "\n"
    text += "## All arms (mean ± std over seeds; Δ = variant − baseline, paired by seed)\n\n"
    text += table().markdown()
    return text
  }

  /// The settings every reader needs: truth, split, seeds, budget.
  func setupLines() -> [String] {
    let base = plan.baseline
    return [
      "space \(base.space.rawValue), ground truth \(base.truth ?? ""), pool of \(base.evaluation.poolSize) scored on the \(base.evaluation.split.rawValue) split",
      "seeds \(plan.seeds.map(String.init).joined(separator: ", ")); \(plan.entries.count) heuristics, \(plan.experiment.arms.count) arms",
      String(format: "%.0f s of training in all", trainingSeconds),
    ]
  }

  /// study.html: setup, verdicts, table, and for each metric the variants' differences to the baseline.
  public func report() -> HTMLReport {
    var report = HTMLReport(title: "Cairn study: \(plan.name)")
    for (index, line) in setupLines().enumerated() {
      report.addMetadata(["Setup", "Seeds", "Budget"][index], line)
    }
    report.addMetadata("Cairn", CairnVersion.current)
    var verdictSection = HTMLReport.Section("Verdicts")
    verdictSection.add(
      .paragraph(
        "On S-KdT (landmark authors): a variant helps or hurts when the paired bootstrap interval of its "
          + "difference to the baseline over seeds excludes 0. With few seeds the interval is coarse."
      ))
    for verdict in verdicts { verdictSection.add(.paragraph(verdict.line)) }
    report.add(verdictSection)
    var tableSection = HTMLReport.Section("All arms")
    tableSection.add(.table(table()))
    report.add(tableSection)
    var plots = HTMLReport.Section("Differences to the baseline")
    for metric in StudyMetric.allCases {
      let plotRows = rows(of: metric).filter { $0.heuristic != nil }.map { row in
        IntervalPlot.Row(
          label: row.arm, value: row.difference?.mean, lower: row.difference?.interval?.lower,
          upper: row.difference?.interval?.upper)
      }
      plots.add(
        .plot(IntervalPlot(title: metric.name, xLabel: "variant − baseline", rows: plotRows)))
    }
    report.add(plots)
    return report
  }

  /// Writes study.md, study.csv and study.html into `directory`.
  public func write(to directory: URL) throws(CairnError) {
    try AtomicFile.write(markdown(), to: directory.appendingPathComponent("study.md"))
    try AtomicFile.write(csv(), to: directory.appendingPathComponent("study.csv"))
    try report().write(to: directory.appendingPathComponent("study.html"))
  }

  static func meanAndSpread(_ summary: SeedSummary) -> String {
    guard let mean = summary.mean else { return "n/a" }
    return String(format: "%.3f", mean)
      + (summary.standardDeviation.map { String(format: " ± %.3f", $0) } ?? "")
  }
}

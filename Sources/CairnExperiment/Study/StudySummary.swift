import CairnRanking
import CairnReport
import CairnSupernet

/// What a heuristic did to the ranking (S-KdT, landmark authors) at the study's budget.
public enum StudyVerdict: String, Sendable, Hashable {
  case helps
  case hurts
  /// Some variant helps and another hurts.
  case mixed = "helps or hurts by variant"
  case noMeasurableEffect = "no measurable effect at this budget"
  /// Fewer than two paired seeds: no interval to judge by.
  case notJudged = "not judged (fewer than 2 seeds)"
}

/// The outcome of a study: every arm's metrics over seeds, each variant's paired difference to the baseline,
/// and a verdict per heuristic.
public struct StudySummary: Sendable {
  /// One arm and one metric.
  public struct Row: Sendable {
    /// nil for the baseline.
    public var heuristic: SupernetHeuristic?
    public var variant: String
    public var arm: String
    public var metric: StudyMetric
    public var summary: SeedSummary
    /// The paired difference to the baseline (nil for the baseline itself).
    public var difference: PairedDifference?
  }

  /// One heuristic's verdict and the line that states it.
  public struct Verdict: Sendable {
    public var heuristic: SupernetHeuristic
    public var verdict: StudyVerdict
    public var line: String
  }

  public var plan: StudyPlan
  public var rows: [Row]
  public var verdicts: [Verdict]
  /// Training seconds of all cells together.
  public var trainingSeconds: Double

  public init(plan: StudyPlan, results: [ExperimentCellResult]) {
    self.plan = plan
    let bootstrap = plan.bootstrap > 0 ? Bootstrap(resamples: plan.bootstrap, seed: 0) : nil
    func values(_ arm: String, _ metric: StudyMetric) -> [UInt64: Double] {
      var bySeed: [UInt64: Double] = [:]
      for cell in results where cell.cell.arm == arm {
        if let value = metric.value(of: cell.result), value.isFinite {
          bySeed[cell.cell.seed] = value
        }
      }
      return bySeed
    }
    var arms: [(SupernetHeuristic?, String, String)] = [
      (nil, StudyPlan.baselineArm, StudyPlan.baselineArm)
    ]
    for entry in plan.entries {
      for variant in entry.variants {
        arms.append(
          (entry.heuristic, variant.name, StudyPlan.armName(entry.heuristic, variant.name)))
      }
    }
    var rows: [Row] = []
    for (heuristic, variant, arm) in arms {
      for metric in StudyMetric.allCases {
        let own = values(arm, metric)
        let summary = SeedSummary(
          values: plan.seeds.map { own[$0] }, bootstrap: bootstrap)
        let difference =
          heuristic == nil
          ? nil
          : PairedDifference(
            variant: own, baseline: values(StudyPlan.baselineArm, metric), bootstrap: bootstrap)
        rows.append(
          Row(
            heuristic: heuristic, variant: variant, arm: arm, metric: metric, summary: summary,
            difference: difference))
      }
    }
    self.rows = rows
    verdicts = plan.entries.map { Self.verdict(of: $0.heuristic, rows: rows) }
    trainingSeconds = results.compactMap(\.result.seconds).reduce(0, +)
  }

  /// The verdict on S-KdT (landmark authors): helps when some variant's paired interval lies above 0 and none
  /// below, hurts in the mirror case, mixed with both; else no measurable effect.
  static func verdict(of heuristic: SupernetHeuristic, rows: [Row]) -> Verdict {
    let own = rows.filter { $0.heuristic == heuristic && $0.metric == .sparseKendallTau }
    let judged = own.filter { $0.difference?.interval != nil }
    let helping = judged.filter { $0.difference?.sign == 1 }
    let hurting = judged.filter { $0.difference?.sign == -1 }
    let verdict: StudyVerdict
    let cited: [Row]
    switch (judged.isEmpty, helping.isEmpty, hurting.isEmpty) {
    case (true, _, _): (verdict, cited) = (.notJudged, own)
    case (false, false, true): (verdict, cited) = (.helps, helping)
    case (false, true, false): (verdict, cited) = (.hurts, hurting)
    case (false, false, false): (verdict, cited) = (.mixed, helping + hurting)
    case (false, true, true): (verdict, cited) = (.noMeasurableEffect, own)
    }
    let details = cited.map { row in
      "\(row.variant): ΔS-KdT \(Self.describe(row.difference))"
    }
    let line =
      "\(heuristic.rawValue): \(verdict.rawValue)"
      + (details.isEmpty ? "" : " (\(details.joined(separator: "; ")))")
    return Verdict(heuristic: heuristic, verdict: verdict, line: line)
  }

  /// `+0.123 [+0.050, +0.200]`, the interval left out when there is none; `n/a` without a difference.
  static func describe(_ difference: PairedDifference?) -> String {
    guard let difference else { return "n/a" }
    var text = signed(difference.mean)
    if let lower = difference.interval?.lower, let upper = difference.interval?.upper {
      text += " [\(signed(lower)), \(signed(upper))]"
    }
    return text
  }

  static func signed(_ value: Double) -> String {
    (value >= 0 ? "+" : "") + String(format: "%.3f", value)
  }

  /// The rows of one metric, baseline first.
  public func rows(of metric: StudyMetric) -> [Row] {
    rows.filter { $0.metric == metric }
  }
}

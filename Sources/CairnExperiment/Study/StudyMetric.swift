import CairnRanking
import CairnSupernet

/// A quantity a study compares between a heuristic's variants and the baseline, measured at the end of each
/// cell's training on its evaluation pool.
public enum StudyMetric: String, CaseIterable, Sendable {
  /// Sparse Kendall tau as the landmark authors compute it: the study's verdicts are on this one.
  case sparseKendallTau = "sparse_kendall_tau"
  /// Cairn's binned sparse Kendall tau (τ-b of the scores against ground truth binned to 0.1 points).
  case sparseKendallTauBinned = "sparse_kendall_tau_binned"
  case kendallTau = "kendall_tau"
  /// P>R: the probability that the super-net's top-K beats K random picks.
  case probabilitySurpassingRandom = "p_surpass_random"
  /// The mean ground truth of the super-net's top-K picks.
  case finalPerformance = "final_performance"
  /// The super-net's mean accuracy (in percent) over the pool.
  case supernetAccuracy = "supernet_accuracy"

  /// The name in tables and plots.
  public var name: String {
    switch self {
    case .sparseKendallTau: "S-KdT (landmark authors)"
    case .sparseKendallTauBinned: "S-KdT (binned 0.1)"
    case .kendallTau: "Kendall tau-b"
    case .probabilitySurpassingRandom: "P>R"
    case .finalPerformance: "final performance (mean truth of top-K)"
    case .supernetAccuracy: "super-net accuracy (%)"
    }
  }

  /// The metric of one finished cell, nil when undefined.
  public func value(of result: SupernetEvaluationResult) -> Double? {
    let report = result.report
    switch self {
    case .sparseKendallTau: return report.sparseKendallTauLandmarkAuthors.value
    case .sparseKendallTauBinned: return report.sparseKendallTauBinned.value
    case .kendallTau: return report.kendallTau.value
    case .probabilitySurpassingRandom: return report.probabilitySurpassingRandom.value
    case .finalPerformance: return report.truthMeanOfSupernetTopK.value
    case .supernetAccuracy:
      guard !result.scores.isEmpty else { return nil }
      return 100 * result.scores.map(\.accuracy).reduce(0, +) / Double(result.scores.count)
    }
  }
}

import CairnCore

/// What a search returns after each evaluation: the best architecture by score so far, and — when ground truth is
/// known — its ground truth and the best ground truth among everything evaluated (an upper bound the search could
/// have returned with a perfect scorer).
public struct SearchTrace: Sendable, Hashable {
  public struct Row: Sendable, Hashable {
    public var evaluation: Int
    public var architecture: String
    public var score: Double
    public var bestArchitecture: String
    public var bestScore: Double
    public var bestTruth: Double?
    public var bestTruthSeen: Double?
  }

  public var rows: [Row]

  /// The trace of `evaluations` (architectures as text, in order); `truth` gives ground truth or nil.
  public init(
    evaluations: [(architecture: String, score: Double)],
    truth: ((String) throws(CairnError) -> Double)?
  ) throws(CairnError) {
    rows = []
    rows.reserveCapacity(evaluations.count)
    var best: (architecture: String, score: Double, truth: Double?)?
    var bestSeen: Double?
    for (number, evaluation) in evaluations.enumerated() {
      let value = try truth?(evaluation.architecture)
      if let value { bestSeen = max(bestSeen ?? value, value) }
      if best == nil || evaluation.score > best!.score {
        best = (evaluation.architecture, evaluation.score, value)
      }
      rows.append(
        Row(
          evaluation: number + 1, architecture: evaluation.architecture, score: evaluation.score,
          bestArchitecture: best!.architecture, bestScore: best!.score, bestTruth: best!.truth,
          bestTruthSeen: bestSeen))
    }
  }

  /// The final row: what the search returns.
  public var result: Row? { rows.last }

  /// `evaluation,arch,score,best_arch,best_score,best_truth,best_truth_seen` CSV.
  public func csv() -> String {
    var text = "evaluation,arch,score,best_arch,best_score,best_truth,best_truth_seen\n"
    for row in rows {
      text +=
        "\(row.evaluation),\(row.architecture),\(row.score),\(row.bestArchitecture),\(row.bestScore),"
        + "\(row.bestTruth.map { "\($0)" } ?? ""),\(row.bestTruthSeen.map { "\($0)" } ?? "")\n"
    }
    return text
  }
}

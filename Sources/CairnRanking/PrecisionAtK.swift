/// How well the super-net's top of the ranking matches the ground truth's: precision@K and related figures.
///
/// Both lists are "higher is better" (pass negated losses). Every ordering is total: larger value first,
/// equal values by lower index first; so TopK(v) is the first K indices of that order, and a rank is the
/// 1-based position in it (1 = best). All figures together cost O(n log n).
public struct TopKAgreement: Sendable, Hashable, Codable {
  /// K.
  public var k: Int
  /// Precision@K = |TopK(scores) ∩ TopK(truth)| / K, in [0, 1].
  public var precision: Double
  /// Kendall's τ_b of scores against ground truth over the architectures in TopK(truth); nil when
  /// undefined (K < 2, or constant scores or ground truth among them).
  public var kendallTauWithinTrueTopK: Double?
  /// The super-net rank (1 = best) of the true best architecture (the first of the ground-truth order).
  public var supernetRankOfTrueBest: Int
  /// The mean ground truth of TopK(scores): what the super-net's K picks are really worth.
  public var truthMeanOfSupernetTopK: Double
  /// The population standard deviation (divisor K, NumPy's default `std`) of the ground truth of
  /// TopK(scores); 0 when K = 1.
  public var truthStandardDeviationOfSupernetTopK: Double

  /// Computes the figures for paired `scores` and `truth` (equal lengths, no NaN) with 1 ≤ k ≤ count.
  public init(scores: [Double], truth: [Double], k: Int) {
    precondition(scores.count == truth.count, "top-K agreement needs equal-length lists")
    precondition(k >= 1 && k <= scores.count, "K must be in 1...\(scores.count), got \(k)")
    precondition(
      !scores.contains(where: \.isNaN) && !truth.contains(where: \.isNaN),
      "top-K agreement: NaN value")
    self.k = k
    let supernetOrder = descendingOrder(scores)
    let truthOrder = descendingOrder(truth)
    let supernetTop = supernetOrder.prefix(k)
    let trueTop = truthOrder.prefix(k)
    var inTrueTop = [Bool](repeating: false, count: scores.count)
    for i in trueTop { inTrueTop[i] = true }
    precision = Double(supernetTop.count { inTrueTop[$0] }) / Double(k)
    kendallTauWithinTrueTopK = kendallTauB(trueTop.map { scores[$0] }, trueTop.map { truth[$0] })
    supernetRankOfTrueBest = supernetOrder.firstIndex(of: truthOrder[0])! + 1
    let picked = supernetTop.map { truth[$0] }
    let mean = compensatedSum(picked) / Double(k)
    truthMeanOfSupernetTopK = mean
    let squares = picked.map { ($0 - mean) * ($0 - mean) }
    truthStandardDeviationOfSupernetTopK = (compensatedSum(squares) / Double(k)).squareRoot()
  }
}

/// Precision@K = |TopK(scores) ∩ TopK(truth)| / K, both "higher is better", ties at the K boundary broken
/// by the lower index (see `TopKAgreement`). O(n log n).
public func precisionAtK(scores: [Double], truth: [Double], k: Int) -> Double {
  TopKAgreement(scores: scores, truth: truth, k: k).precision
}

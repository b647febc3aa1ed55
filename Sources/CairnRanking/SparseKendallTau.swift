import Foundation

/// Sparse Kendall tau (S-KdT): Kendall's tau-b after ground-truth accuracies that differ by less than a
/// threshold are made to tie, so that noise-level differences between architectures do not count.
///
/// Two variants, never to be mixed in one table:
///
/// - `binned(precision:)` — Cairn's documented variant. Only the ground truth is binned: each accuracy
///   (in percentage points) becomes the integer bin ⌊acc / precision⌋; the super-net scores are used as they
///   are; S-KdT = τ_b(scores, bins). Default precision 0.1 accuracy points. A quotient acc / precision within
///   10⁻⁹ (relative) of an integer counts as that integer, so a decimal boundary such as 93.3 with precision
///   0.1 lands in bin 933 rather than 932 (in binary floating point 93.3 / 0.1 = 932.999…).
///
/// - `landmarkAuthors(threshold:)` — the S-KdT of the landmark-regularisation authors, reproduced for parity
///   with their published numbers:
///   1. each list whose mean lies strictly between 1 and 100 is multiplied by 10⁻² (percentages become
///      fractions; the lists are checked separately);
///   2. architectures are sorted by ground truth ascending and given bins along that order: a running bin
///      index rises by one whenever ⌊acc · (1/t)⌋ rises (⌊acc · 1⌋ when t ≥ 1), so equal-bin architectures
///      tie — a dense rank of the floored accuracies (starting at 0, or at −1 when the lowest floor is ≤ 0,
///      as in their code; the offset does not change τ);
///   3. x = the bins in ground-truth order (non-decreasing); y = the bins of the architectures listed in
///      super-net order: score ascending, equal scores by the optional tie-break key ascending, then index;
///   4. S-KdT = τ_b(x, y).
///
///   The threshold t is a fraction of accuracy: 10⁻³ (0.1 points) in their training logs, 10⁻² (1 point)
///   in their offline analysis. No ⌊⌋ snapping is applied here: the floating-point arithmetic is theirs.
///   Their code sorts with NumPy's unstable `argsort`; here equal scores are ordered deterministically.
///
/// Both variants return nil when τ_b is undefined (fewer than two architectures, all in one bin, or
/// constant scores) or when a value is NaN.
public struct SparseKendallTau: Sendable, Hashable, Codable {
  /// Which S-KdT definition.
  public enum Variant: String, Sendable, Hashable, Codable, CaseIterable {
    /// Ground truth floored to a precision in accuracy points; scores untouched.
    case binned
    /// The landmark authors' bins-against-bins definition.
    case landmarkAuthors
  }

  /// The definition used.
  public var variant: Variant
  /// The bin width: accuracy points for `binned`, a fraction of accuracy for `landmarkAuthors`.
  public var threshold: Double

  /// Cairn's S-KdT: ground truth (accuracy points) floored to `precision`, scores left alone.
  public static func binned(precision: Double = 0.1) -> SparseKendallTau {
    SparseKendallTau(variant: .binned, threshold: precision)
  }

  /// The landmark authors' S-KdT with bin width `threshold` (a fraction: 1e-3 = 0.1 points).
  public static func landmarkAuthors(threshold: Double = 1e-3) -> SparseKendallTau {
    SparseKendallTau(variant: .landmarkAuthors, threshold: threshold)
  }

  /// Creates a definition; the threshold must be positive and finite.
  public init(variant: Variant, threshold: Double) {
    precondition(
      threshold > 0 && threshold.isFinite, "S-KdT threshold must be positive, got \(threshold)")
    self.variant = variant
    self.threshold = threshold
  }

  /// A plain name carrying the variant and threshold, e.g. "S-KdT binned 0.1pt" or
  /// "S-KdT landmark-authors t=0.001".
  public var name: String {
    switch variant {
    case .binned: return "S-KdT binned \(Self.shortNumber(threshold))pt"
    case .landmarkAuthors: return "S-KdT landmark-authors t=\(Self.shortNumber(threshold))"
    }
  }

  /// S-KdT of super-net `scores` (higher is better) against ground-truth accuracies `truth`.
  ///
  /// `tieBreak` matters only to `landmarkAuthors`: a secondary key with the scores' orientation (higher is
  /// better; pass the negated super-net loss) that orders architectures with equal scores.
  /// O(n log n) time.
  public func evaluate(scores: [Double], truth: [Double], tieBreak: [Double]? = nil)
    -> SparseKendallTauResult
  {
    precondition(scores.count == truth.count, "S-KdT needs equal-length lists")
    if let tieBreak {
      precondition(tieBreak.count == scores.count, "tie-break list must match the scores")
    }
    let hasNaN =
      scores.contains(where: \.isNaN) || truth.contains(where: \.isNaN)
      || (tieBreak?.contains(where: \.isNaN) ?? false)
    guard !hasNaN else {
      return SparseKendallTauResult(variant: variant, threshold: threshold, value: nil, binCount: 0)
    }
    switch variant {
    case .binned:
      let bins = Self.bins(truth, precision: threshold)
      return SparseKendallTauResult(
        variant: variant, threshold: threshold, value: kendallTauB(scores, bins),
        binCount: Set(bins).count)
    case .landmarkAuthors:
      let (x, y) = Self.landmarkAuthorsSequences(
        scores: scores, truth: truth, threshold: threshold, tieBreak: tieBreak)
      return SparseKendallTauResult(
        variant: variant, threshold: threshold, value: kendallTauB(x, y), binCount: Set(x).count)
    }
  }

  /// The bins of the `binned` variant: ⌊value / precision⌋ for each value (as a Double, so any magnitude
  /// is safe), a quotient within 10⁻⁹ (relative) of an integer counting as that integer.
  public static func bins(_ values: [Double], precision: Double) -> [Double] {
    values.map { value in
      let quotient = value / precision
      let nearest = quotient.rounded()
      return abs(quotient - nearest) <= 1e-9 * max(1, abs(quotient))
        ? nearest : quotient.rounded(.down)
    }
  }

  /// The two bin sequences the landmark authors' S-KdT correlates: `x`, the bins in ground-truth order, and
  /// `y`, the bins in super-net order (steps 1–3 in the type's description).
  public static func landmarkAuthorsSequences(
    scores: [Double], truth: [Double], threshold: Double, tieBreak: [Double]? = nil
  ) -> (x: [Double], y: [Double]) {
    let n = truth.count
    let fractionScores = asFractions(scores)
    let fractionTruth = asFractions(truth)
    let multiplier = threshold < 1 ? 1 / threshold : 1
    let truthOrder = ascendingOrder(fractionTruth)
    var binOf = [Double](repeating: 0, count: n)
    var previous = 0.0
    var bin = -1.0
    for i in truthOrder {
      if (fractionTruth[i] * multiplier).rounded(.down) > (previous * multiplier).rounded(.down) {
        bin += 1
      }
      binOf[i] = bin
      previous = fractionTruth[i]
    }
    let supernetOrder =
      tieBreak.map { ascendingOrder(fractionScores, tieBreak: $0) }
      ?? ascendingOrder(fractionScores)
    return (truthOrder.map { binOf[$0] }, supernetOrder.map { binOf[$0] })
  }

  /// The authors' rescaling: a list whose mean lies in (1, 100) is taken as percentages and multiplied by 0.01.
  static func asFractions(_ values: [Double]) -> [Double] {
    guard !values.isEmpty else { return values }
    let mean = values.reduce(0, +) / Double(values.count)
    return 1 < mean && mean < 100 ? values.map { $0 * 1e-2 } : values
  }

  static func shortNumber(_ value: Double) -> String {
    String(format: "%g", value)
  }
}

/// An S-KdT value with the definition that produced it.
public struct SparseKendallTauResult: Sendable, Hashable, Codable {
  /// Which S-KdT definition.
  public var variant: SparseKendallTau.Variant
  /// Its bin width (accuracy points for `binned`, a fraction for `landmarkAuthors`).
  public var threshold: Double
  /// τ_b after binning, or nil when undefined (see `SparseKendallTau`).
  public var value: Double?
  /// The number of distinct ground-truth bins.
  public var binCount: Int

  /// The definition's plain name, e.g. "S-KdT binned 0.1pt".
  public var name: String { SparseKendallTau(variant: variant, threshold: threshold).name }
}

/// Cairn's binned S-KdT: τ_b of the scores against the ground truth floored to `precision` accuracy points.
public func sparseKendallTauBinned(scores: [Double], truth: [Double], precision: Double = 0.1)
  -> SparseKendallTauResult
{
  SparseKendallTau.binned(precision: precision).evaluate(scores: scores, truth: truth)
}

/// The landmark authors' S-KdT with bin width `threshold` (a fraction of accuracy; 1e-3 by default).
public func landmarkAuthorsSparseKendallTau(
  scores: [Double], truth: [Double], threshold: Double = 1e-3, tieBreak: [Double]? = nil
) -> SparseKendallTauResult {
  SparseKendallTau.landmarkAuthors(threshold: threshold).evaluate(
    scores: scores, truth: truth, tieBreak: tieBreak)
}

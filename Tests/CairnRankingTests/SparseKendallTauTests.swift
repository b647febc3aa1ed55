import Foundation
import Testing

@testable import CairnRanking

@Suite struct SparseKendallTauTests {
  // Ground truth in percent (mean in (1, 100), so the authors' variant turns it into fractions).
  static let truth = [93.12, 93.18, 92.55, 93.47, 91.04]
  static let scores = [0.5, 0.9, 0.7, 0.6, 0.8]

  /// Worked by hand. t = 1e-3: floors of acc·1000 are 931, 931, 925, 934, 910, so along the ground-truth
  /// order (4, 2, 0, 1, 3) the bins are 0, 1, 2, 2, 3. Super-net order ascending is (0, 3, 2, 4, 1), whose
  /// bins are 2, 3, 1, 0, 2. Of the 10 pairs of x = [0, 1, 2, 2, 3] and y = [2, 3, 1, 0, 2]: 3 concordant,
  /// 5 discordant, 1 tied in x, 1 tied in y, so τ_b = (3 − 5)/√(9 · 9) = −2/9.
  @Test func landmarkAuthorsVariantOnAWorkedExample() {
    let (x, y) = SparseKendallTau.landmarkAuthorsSequences(
      scores: Self.scores, truth: Self.truth, threshold: 1e-3)
    #expect(x == [0, 1, 2, 2, 3])
    #expect(y == [2, 3, 1, 0, 2])
    let result = landmarkAuthorsSparseKendallTau(scores: Self.scores, truth: Self.truth)
    #expect(abs(result.value! - (-2.0 / 9)) < 1e-15)
    #expect(result.variant == .landmarkAuthors)
    #expect(result.threshold == 1e-3)
    #expect(result.binCount == 4)
    #expect(result.name == "S-KdT landmark-authors t=0.001")
  }

  /// t = 1e-2: floors 93, 93, 92, 93, 91 give x = [0, 1, 2, 2, 2] and y = [2, 2, 1, 0, 2]:
  /// 0 concordant, 4 discordant, 3 tied in x, 3 tied in y, τ_b = −4/7.
  @Test func landmarkAuthorsVariantAtTheCoarseThreshold() {
    let (x, y) = SparseKendallTau.landmarkAuthorsSequences(
      scores: Self.scores, truth: Self.truth, threshold: 1e-2)
    #expect(x == [0, 1, 2, 2, 2])
    #expect(y == [2, 2, 1, 0, 2])
    let value = landmarkAuthorsSparseKendallTau(
      scores: Self.scores, truth: Self.truth, threshold: 1e-2
    ).value
    #expect(abs(value! - (-4.0 / 7)) < 1e-15)
  }

  @Test func tieBreakOrdersEqualScores() {
    // Architectures 2 and 3 tie on score; by index 2 comes first, the tie-break puts 3 first.
    let scores = [0.5, 0.9, 0.7, 0.7, 0.8]
    let plain = SparseKendallTau.landmarkAuthorsSequences(
      scores: scores, truth: Self.truth, threshold: 1e-3)
    #expect(plain.y == [2, 1, 3, 0, 2])
    let negatedLoss = [0, 0, -0.4, -0.9, 0]
    let broken = SparseKendallTau.landmarkAuthorsSequences(
      scores: scores, truth: Self.truth, threshold: 1e-3, tieBreak: negatedLoss)
    #expect(broken.y == [2, 3, 1, 0, 2])
    let value = landmarkAuthorsSparseKendallTau(
      scores: scores, truth: Self.truth, tieBreak: negatedLoss
    ).value
    #expect(abs(value! - (-2.0 / 9)) < 1e-15)
  }

  @Test func fractionsAndPercentagesGiveTheSameAuthorsValue() {
    let fractions = Self.truth.map { $0 / 100 }
    let a = landmarkAuthorsSparseKendallTau(scores: Self.scores, truth: Self.truth).value!
    let b = landmarkAuthorsSparseKendallTau(scores: Self.scores, truth: fractions).value!
    #expect(a == b)
  }

  @Test func binnedVariantFloorsOnlyTheGroundTruth() {
    #expect(
      SparseKendallTau.bins([93.3, 93.35, 93.25, 93.41, 93.2999], precision: 0.1) == [
        933, 933, 932, 934, 932,
      ])
    #expect(SparseKendallTau.bins([-0.05, 0, 0.7], precision: 0.1) == [-1, 0, 7])
    // Scores are not binned: three distinct scores against three tied bins plus one.
    let truth = [93.31, 93.32, 93.39, 93.5]
    let scores = [0.1, 0.3, 0.2, 0.4]
    let result = sparseKendallTauBinned(scores: scores, truth: truth)
    #expect(result.variant == .binned)
    #expect(result.threshold == 0.1)
    #expect(result.binCount == 2)
    #expect(result.name == "S-KdT binned 0.1pt")
    #expect(result.value == kendallTauB(scores, [933, 933, 933, 935]))
  }

  @Test func binnedVariantEqualsTauWhenBinsAreFine() {
    let truth = [91.04, 93.12, 92.55, 93.47]
    let scores = [0.2, 0.1, 0.5, 0.4]
    #expect(
      sparseKendallTauBinned(scores: scores, truth: truth, precision: 0.01).value
        == kendallTauB(scores, truth))
  }

  @Test func undefinedCasesGiveNil() {
    // Everything in one bin.
    #expect(sparseKendallTauBinned(scores: [1, 2, 3], truth: [93.31, 93.32, 93.33]).value == nil)
    #expect(
      landmarkAuthorsSparseKendallTau(scores: [1, 2, 3], truth: [93.31, 93.32, 93.33]).value == nil)
    // Too few architectures, or NaN.
    #expect(sparseKendallTauBinned(scores: [1], truth: [93]).value == nil)
    #expect(landmarkAuthorsSparseKendallTau(scores: [1, .nan], truth: [93, 94]).value == nil)
  }

  @Test func definitionsRoundTripThroughCodable() throws {
    let definition = SparseKendallTau.landmarkAuthors(threshold: 1e-2)
    let data = try JSONEncoder().encode(definition)
    #expect(try JSONDecoder().decode(SparseKendallTau.self, from: data) == definition)
    #expect(SparseKendallTau.binned().threshold == 0.1)
    #expect(SparseKendallTau.landmarkAuthors().threshold == 1e-3)
  }
}

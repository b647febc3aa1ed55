import Foundation
import Testing

@testable import CairnRanking

@Suite struct TopKTests {
  static let scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4]
  static let truth = [90.0, 95, 91, 80, 99, 70]

  /// TopK(scores) = {0, 1, 2}; the truth order is 4, 1, 2, 0, 3, 5, so TopK(truth) = {4, 1, 2}.
  @Test func precisionAndTopKFiguresOnAWorkedExample() {
    let agreement = TopKAgreement(scores: Self.scores, truth: Self.truth, k: 3)
    #expect(agreement.precision == 2.0 / 3)
    // Within {4, 1, 2}: (4, 1) and (4, 2) discordant, (1, 2) concordant → (1 − 2)/3.
    #expect(abs(agreement.kendallTauWithinTrueTopK! - (-1.0 / 3)) < 1e-15)
    // The true best, 4, is fifth by score.
    #expect(agreement.supernetRankOfTrueBest == 5)
    // The super-net's picks are worth 90, 95, 91.
    #expect(agreement.truthMeanOfSupernetTopK == 92)
    #expect(abs(agreement.truthStandardDeviationOfSupernetTopK - (14.0 / 3).squareRoot()) < 1e-12)
    #expect(precisionAtK(scores: Self.scores, truth: Self.truth, k: 6) == 1)
    #expect(precisionAtK(scores: Self.scores, truth: Self.truth, k: 1) == 0)
  }

  @Test func tiesAtTheBoundaryGoToTheLowerIndex() {
    let scores = [1.0, 1, 1, 0]
    #expect(precisionAtK(scores: scores, truth: [0, 1, 2, 3], k: 2) == 0)
    #expect(precisionAtK(scores: scores, truth: [3, 2, 1, 0], k: 2) == 1)
    #expect(precisionAtK(scores: scores, truth: [1, 3, 2, 0], k: 2) == 0.5)
    #expect(TopKAgreement(scores: scores, truth: [0, 0, 5, 0], k: 1).supernetRankOfTrueBest == 3)
  }

  @Test func oneArchitectureTopKHasNoSpread() {
    let agreement = TopKAgreement(scores: Self.scores, truth: Self.truth, k: 1)
    #expect(agreement.truthMeanOfSupernetTopK == 90)
    #expect(agreement.truthStandardDeviationOfSupernetTopK == 0)
    #expect(agreement.kendallTauWithinTrueTopK == nil)
  }

  /// The super-net's top 3 is {0, 1, 2}; the best of them by ground truth is 1 (95), ranked 2nd of 6.
  /// P>R = ((6 − 2)/6)^3 = 8/27.
  @Test func searchQualityOnAWorkedExample() {
    let quality = SearchQuality(scores: Self.scores, truth: Self.truth, k: 3)
    #expect(quality.foundIndex == 1)
    #expect(quality.foundTruthRank == 2)
    #expect(quality.populationSize == 6)
    #expect(quality.draws == 3)
    #expect(abs(quality.probabilitySurpassingRandom - 8.0 / 27) < 1e-15)
  }

  @Test func searchQualityExtremes() {
    // Finding the best of N: ((N − 1)/N)^K; finding the worst: 0.
    #expect(
      SearchQuality.probabilitySurpassingRandom(truthRank: 1, populationSize: 15_625, draws: 10)
        == pow(15_624.0 / 15_625, 10))
    #expect(
      SearchQuality.probabilitySurpassingRandom(truthRank: 100, populationSize: 100, draws: 5) == 0)
    // The authors' (r/N)^K with r the 0-based ascending index (0 = worst): r = N − rank.
    let rank = 40
    let ascendingIndex = 100 - rank
    #expect(
      SearchQuality.probabilitySurpassingRandom(truthRank: rank, populationSize: 100, draws: 5)
        == pow(Double(ascendingIndex) / 100, 5))
    let perfect = SearchQuality(scores: Self.truth, truth: Self.truth, k: 2)
    #expect(perfect.foundTruthRank == 1)
  }
}

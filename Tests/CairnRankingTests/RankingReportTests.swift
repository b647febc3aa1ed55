import CairnCore
import Foundation
import Testing

@testable import CairnRanking

@Suite struct RankingReportTests {
  /// Accuracy-like ground truth in percent and a noisy super-net score.
  static func sample(_ count: Int, seed: UInt64) -> (scores: [Double], truth: [Double]) {
    var random = RandomStream(seed: seed, name: "report sample")
    let truth = (0..<count).map { _ in (8_000 + 1_400 * random.uniform()).rounded() / 100 }
    let scores = truth.map { 0.01 * $0 + 0.03 * random.normal() }
    return (scores, truth)
  }

  @Test func pointValuesAgreeWithTheIndividualFunctions() throws {
    let (scores, truth) = Self.sample(120, seed: 1)
    let report = try RankingReport(
      scores: scores, truth: truth, options: .init(topK: 5, bootstrap: nil))
    #expect(report.count == 120)
    #expect(report.kendallTau.value == kendallTauB(scores, truth))
    #expect(report.spearmanRho.value == spearmanRho(scores, truth))
    #expect(report.pearsonR.value == pearsonR(scores, truth))
    #expect(
      report.sparseKendallTauBinned.value
        == sparseKendallTauBinned(scores: scores, truth: truth).value)
    #expect(
      report.sparseKendallTauLandmarkAuthors.value
        == landmarkAuthorsSparseKendallTau(scores: scores, truth: truth).value)
    let topK = TopKAgreement(scores: scores, truth: truth, k: 5)
    #expect(report.precisionAtK.value == topK.precision)
    #expect(report.kendallTauWithinTrueTopK.value == topK.kendallTauWithinTrueTopK)
    #expect(report.supernetRankOfTrueBest.value == Double(topK.supernetRankOfTrueBest))
    #expect(report.truthMeanOfSupernetTopK.value == topK.truthMeanOfSupernetTopK)
    let search = SearchQuality(scores: scores, truth: truth, k: 5)
    #expect(report.truthRankOfFound.value == Double(search.foundTruthRank))
    #expect(report.probabilitySurpassingRandom.value == search.probabilitySurpassingRandom)
    #expect(report.metrics.allSatisfy { $0.interval == nil })
    #expect(Set(report.metrics.map(\.key)).count == report.metrics.count)
  }

  @Test func tieBreakReachesTheAuthorsSparseTau() throws {
    let truth = [93.12, 93.18, 92.55, 93.47, 91.04]
    let scores = [0.5, 0.9, 0.7, 0.7, 0.8]
    let negatedLoss = [0, 0, -0.4, -0.9, 0]
    let report = try RankingReport(
      scores: scores, truth: truth, tieBreak: negatedLoss, options: .init(topK: 2, bootstrap: nil))
    #expect(abs(report.sparseKendallTauLandmarkAuthors.value! - (-2.0 / 9)) < 1e-15)
    let untied = try RankingReport(
      scores: scores, truth: truth, options: .init(topK: 2, bootstrap: nil))
    #expect(
      untied.sparseKendallTauLandmarkAuthors.value
        == landmarkAuthorsSparseKendallTau(scores: scores, truth: truth).value)
  }

  @Test func bootstrappedReportIsDeterministicAndBracketsCorrelations() throws {
    let (scores, truth) = Self.sample(150, seed: 2)
    let options = RankingReport.Options(topK: 10, bootstrap: Bootstrap(resamples: 120, seed: 4))
    let report = try RankingReport(scores: scores, truth: truth, options: options)
    #expect(try RankingReport(scores: scores, truth: truth, options: options) == report)
    for metric in [
      report.kendallTau, report.spearmanRho, report.pearsonR, report.sparseKendallTauBinned,
    ] {
      let interval = try #require(metric.interval)
      #expect(interval.validResamples == 120)
      #expect(
        interval.lower! <= metric.value! && metric.value! <= interval.upper!, "\(metric.name)")
    }
  }

  @Test func reportRoundTripsThroughJSONWithItsPool() throws {
    let population = Self.sample(60, seed: 3)
    let pool = try EvaluationPool.random(
      size: 30, populationSize: 60, excluding: [0, 1, 2], seed: 8)
    let report = try RankingReport(
      scores: pool.select(population.scores), truth: pool.select(population.truth),
      options: .init(topK: 5, bootstrap: Bootstrap(resamples: 50, seed: 1)), pool: pool)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let data = try encoder.encode(report)
    #expect(try JSONDecoder().decode(RankingReport.self, from: data) == report)
  }

  @Test func tableListsEveryFigure() throws {
    let (scores, truth) = Self.sample(40, seed: 5)
    let pool = try EvaluationPool.all(populationSize: 40)
    let report = try RankingReport(
      scores: scores, truth: truth,
      options: .init(topK: 5, bootstrap: Bootstrap(resamples: 30, seed: 2)),
      pool: pool)
    let table = report.table()
    #expect(
      table.hasPrefix("40 architectures; pool all, 40 of 40, 0 excluded; 95% percentile bootstrap"))
    for metric in report.metrics { #expect(table.contains(metric.name)) }
    #expect(table.contains("S-KdT binned 0.1pt"))
    #expect(table.contains("S-KdT landmark-authors t=0.001"))
    #expect(table.contains("P>R (K=5)"))
    #expect(table.contains("/30"))
    #expect(table.split(separator: "\n").count == 2 + report.metrics.count)
  }

  @Test func constantScoresGiveUndefinedCorrelationsNotACrash() throws {
    let truth = [91.0, 92, 93, 94]
    let report = try RankingReport(
      scores: [1, 1, 1, 1], truth: truth,
      options: .init(topK: 2, bootstrap: Bootstrap(resamples: 20, seed: 1)))
    #expect(report.kendallTau.value == nil)
    #expect(report.kendallTau.interval?.validResamples == 0)
    #expect(report.kendallTau.formattedValue == "undefined")
    #expect(report.precisionAtK.value == 0)
    #expect(report.table().contains("undefined"))
  }

  @Test func badInputThrows() {
    #expect(throws: CairnError.self) { try RankingReport(scores: [1, 2], truth: [1, 2, 3]) }
    #expect(throws: CairnError.self) { try RankingReport(scores: [1], truth: [1]) }
    #expect(throws: CairnError.self) {
      try RankingReport(scores: [1, .nan], truth: [1, 2], options: .init(topK: 1))
    }
    #expect(throws: CairnError.self) {
      try RankingReport(scores: [1, 2], truth: [1, 2], options: .init(topK: 3))
    }
    #expect(throws: CairnError.self) {
      try RankingReport(scores: [1, 2], truth: [1, 2], tieBreak: [0], options: .init(topK: 1))
    }
  }
}

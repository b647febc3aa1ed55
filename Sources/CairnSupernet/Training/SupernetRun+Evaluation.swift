import CairnCore
import CairnData
import CairnRanking
import CairnSpaces
import CairnTraining
import Foundation

/// The ranking of the evaluation pool at one point of training (saved as result.json when a run finishes).
public struct SupernetEvaluationResult: Codable, Sendable {
  public var epoch: Int
  public var report: RankingReport
  public var scores: [SupernetScore]
  /// The pool's ground truth, in the order of `scores`.
  public var truth: [Double]
  /// Training time in seconds (without evaluation), when the run finished.
  public var seconds: Double?
  /// The architecture the method itself proposes (GDAS, DARTS, tri-level: the largest α of every decision).
  public var derivedArchitecture: String?
  /// The ground truth of `derivedArchitecture`, when the run's truth knows it.
  public var derivedTruth: Double?
  /// The skip connections and parameter-free operations of `derivedArchitecture`, when the space counts them.
  public var derivedCensus: OperationCensus?

  /// One line for logs: `epoch 40: KdT … S-KdT … Spearman … P@10 …`.
  func summaryLine(epoch: Int, topK: Int) -> String {
    String(
      format: "epoch %d: KdT %.4f  S-KdT %.4f  Spearman %.4f  P@%d %.2f", epoch,
      report.kendallTau.value ?? .nan, report.sparseKendallTauLandmarkAuthors.value ?? .nan,
      report.spearmanRho.value ?? .nan, topK, report.precisionAtK.value ?? .nan)
  }
}

/// ranking.json: the pool's ranking metrics with the pool and the batch-norm policy they were measured with.
struct RankingFile: Encodable {
  var epoch: Int
  var truth: String
  var batchNorm: String
  var pool: [String]
  var report: RankingReport
}

extension SupernetRun {
  /// Scores the pool, compares with ground truth, and writes scores.csv and ranking.json.
  func evaluate(
    _ network: Binding.Network, pool: [String], batches: [Batch], epoch: Int, derived: String?
  ) throws -> SupernetEvaluationResult {
    let c = configuration
    let architectures = try pool.map { (text) throws(CairnError) in try parse(text) }
    let batchNorm = scoringBatchNorm
    // A data-parallel run scores its share of the pool and gathers the other processes' scores.
    let positions =
      scoringShare?.positions(inPoolOf: architectures.count) ?? Array(architectures.indices)
    let mine = try SupernetScoring.score(
      network, architectures: positions.map { architectures[$0] }, batches: batches,
      batchNorm: batchNorm, name: space.format)
    let scores =
      scoringShare?.gather(mine, at: positions, names: architectures.map(space.format)) ?? mine
    let values = try pool.map { (text) throws(CairnError) in
      try truth.value(forArchitecture: text)
    }
    let report = try RankingReport(
      scores: scores.map(\.accuracy), truth: values, tieBreak: scores.map { -$0.loss },
      options: RankingReport.Options(
        topK: min(c.evaluation.topK, scores.count),
        bootstrap: c.evaluation.bootstrap > 0
          ? Bootstrap(resamples: c.evaluation.bootstrap, seed: c.seed) : nil))
    var csv = "arch,supernet_accuracy,supernet_loss,\(truth.metric)\n"
    for (score, value) in zip(scores, values) {
      csv += "\(score.architecture),\(score.accuracy),\(score.loss),\(value)\n"
    }
    try AtomicFile.write(csv, to: directory.url.appendingPathComponent("scores.csv"))
    let ranking = RankingFile(
      epoch: epoch, truth: c.truth ?? "", batchNorm: batchNorm.description, pool: pool,
      report: report)
    try AtomicFile.write(
      try Self.encoder.encode(ranking), to: directory.url.appendingPathComponent("ranking.json"))
    var result = SupernetEvaluationResult(
      epoch: epoch, report: report, scores: scores, truth: values, derivedArchitecture: derived)
    if let derived, let architecture = try? parse(derived) {
      result.derivedTruth = try? truth.value(forArchitecture: derived)
      if let counting = space as? any OperationCounting {
        result.derivedCensus = Self.census(architecture, in: counting)
      }
    }
    return result
  }

  /// `architecture`'s census when `space` is this run's space.
  private static func census<Counting: OperationCounting>(
    _ architecture: Architecture, in space: Counting
  ) -> OperationCensus? {
    (architecture as? Counting.Architecture).map(space.census)
  }

  /// Writes result.json, the final evaluation of a finished run.
  func writeResult(_ result: SupernetEvaluationResult) throws {
    try AtomicFile.write(try Self.encoder.encode(result), to: directory.resultURL)
  }

  static var encoder: JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return encoder
  }
}

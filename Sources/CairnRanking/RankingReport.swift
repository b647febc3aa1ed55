import CairnCore
import Foundation

/// Every ranking figure of a super-net against the ground truth, with bootstrap intervals, in one value.
///
/// For n architectures with super-net `scores` and ground-truth accuracies `truth` (both higher is better;
/// accuracies in percentage points for the binned S-KdT) it holds: Kendall's τ_b, Spearman's ρ, Pearson's
/// r, the two sparse Kendall taus (`SparseKendallTau`), the top-K figures (`TopKAgreement`) and the
/// search-quality figure P>R (`SearchQuality`), each a `MetricEstimate`. With `Options.bootstrap` set, all
/// figures are bootstrapped over the same resamples of architectures (`Bootstrap`). Codable, so it can be
/// written out with the `EvaluationPool` it was computed on; `table()` renders it as plain text.
///
/// Intervals of the top-K figures and ranks are rough: they are extreme-value statistics, which the
/// bootstrap reproduces poorly (a resample can only repeat or drop the best architectures, never add
/// better ones). The correlation intervals are the dependable ones.
///
/// Cost: O(n log n) for the figures, times B + 1 with the bootstrap (resamples run in parallel).
public struct RankingReport: Sendable, Hashable, Codable {
  /// The choices behind a report.
  public struct Options: Sendable, Hashable, Codable {
    /// K for precision@K, the top-K figures and P>R (10 on NAS-Bench-201, 5 elsewhere in the landmark paper).
    public var topK: Int
    /// The bin width of Cairn's binned S-KdT, in accuracy points.
    public var binnedPrecision: Double
    /// The bin width of the landmark authors' S-KdT, a fraction of accuracy.
    public var landmarkAuthorsThreshold: Double
    /// The bootstrap, or nil for point values only.
    public var bootstrap: Bootstrap?

    public init(
      topK: Int = 10, binnedPrecision: Double = 0.1, landmarkAuthorsThreshold: Double = 1e-3,
      bootstrap: Bootstrap? = Bootstrap(seed: 0)
    ) {
      self.topK = topK
      self.binnedPrecision = binnedPrecision
      self.landmarkAuthorsThreshold = landmarkAuthorsThreshold
      self.bootstrap = bootstrap
    }
  }

  /// n, the architectures evaluated.
  public var count: Int
  /// The choices behind the report.
  public var options: Options
  /// The pool the architectures came from, when given.
  public var pool: EvaluationPool?

  /// Kendall's τ_b (`kendallTauB`).
  public var kendallTau: MetricEstimate
  /// Spearman's ρ (`spearmanRho`).
  public var spearmanRho: MetricEstimate
  /// Pearson's r (`pearsonR`).
  public var pearsonR: MetricEstimate
  /// Cairn's binned S-KdT at `Options.binnedPrecision`.
  public var sparseKendallTauBinned: MetricEstimate
  /// The landmark authors' S-KdT at `Options.landmarkAuthorsThreshold`.
  public var sparseKendallTauLandmarkAuthors: MetricEstimate
  /// Precision@K.
  public var precisionAtK: MetricEstimate
  /// Kendall's τ_b within the true top K.
  public var kendallTauWithinTrueTopK: MetricEstimate
  /// The super-net rank (1 = best) of the true best architecture.
  public var supernetRankOfTrueBest: MetricEstimate
  /// The mean ground truth of the super-net's top K.
  public var truthMeanOfSupernetTopK: MetricEstimate
  /// The standard deviation (divisor K) of the ground truth of the super-net's top K.
  public var truthStandardDeviationOfSupernetTopK: MetricEstimate
  /// The ground-truth rank (1 = best) of the best of the super-net's top K.
  public var truthRankOfFound: MetricEstimate
  /// P>R = ((N − r)/N)^K, the probability of surpassing random search (`SearchQuality`).
  public var probabilitySurpassingRandom: MetricEstimate

  /// All figures, in table order.
  public var metrics: [MetricEstimate] {
    [
      kendallTau, spearmanRho, pearsonR, sparseKendallTauBinned, sparseKendallTauLandmarkAuthors,
      precisionAtK, kendallTauWithinTrueTopK, supernetRankOfTrueBest, truthMeanOfSupernetTopK,
      truthStandardDeviationOfSupernetTopK, truthRankOfFound, probabilitySurpassingRandom,
    ]
  }

  /// Evaluates `scores` against `truth` (equal lengths, at least 2, all finite; `tieBreak` as in
  /// `SparseKendallTau.evaluate`), throwing `CairnError.invalidInput` on bad input.
  public init(
    scores: [Double], truth: [Double], tieBreak: [Double]? = nil, options: Options = Options(),
    pool: EvaluationPool? = nil
  ) throws(CairnError) {
    try Self.validate(
      scores: scores, truth: truth, tieBreak: tieBreak, options: options, pool: pool)
    count = scores.count
    self.options = options
    self.pool = pool
    let definitions = Self.definitions(options)
    let values = Self.values(scores: scores, truth: truth, tieBreak: tieBreak, options: options)
    var intervals: [BootstrapInterval?] = Array(repeating: nil, count: definitions.count)
    if let bootstrap = options.bootstrap {
      intervals = bootstrap.intervals(sampleSize: count, statisticCount: definitions.count) {
        indices in
        Self.values(
          scores: indices.map { scores[$0] }, truth: indices.map { truth[$0] },
          tieBreak: tieBreak.map { tieBreak in indices.map { tieBreak[$0] } }, options: options)
      }
    }
    var estimates = zip(definitions, zip(values, intervals)).map { definition, result in
      MetricEstimate(
        key: definition.key, name: definition.name, unit: definition.unit, value: result.0,
        interval: result.1)
    }
    estimates.reverse()
    kendallTau = estimates.removeLast()
    spearmanRho = estimates.removeLast()
    pearsonR = estimates.removeLast()
    sparseKendallTauBinned = estimates.removeLast()
    sparseKendallTauLandmarkAuthors = estimates.removeLast()
    precisionAtK = estimates.removeLast()
    kendallTauWithinTrueTopK = estimates.removeLast()
    supernetRankOfTrueBest = estimates.removeLast()
    truthMeanOfSupernetTopK = estimates.removeLast()
    truthStandardDeviationOfSupernetTopK = estimates.removeLast()
    truthRankOfFound = estimates.removeLast()
    probabilitySurpassingRandom = estimates.removeLast()
  }

  /// The report as a plain-text table: a heading line (size, pool, bootstrap), then one row per figure
  /// with its value, interval and the number of valid resamples.
  public func table() -> String {
    var lines: [String] = []
    var heading = "\(count) architectures"
    if let pool {
      heading += "; pool \(pool.kind.rawValue), \(pool.count) of \(pool.populationSize)"
      if let seed = pool.seed { heading += ", seed \(seed)" }
      heading += ", \(pool.excludedCount) excluded"
    }
    if let bootstrap = options.bootstrap {
      let percent = String(format: "%g", bootstrap.level * 100)
      heading +=
        "; \(percent)% percentile bootstrap, \(bootstrap.resamples) resamples, seed \(bootstrap.seed)"
    }
    lines.append(heading)
    let rows = metrics.map { metric -> [String] in
      let valid = metric.interval.map { "\($0.validResamples)/\($0.resamples)" } ?? ""
      return [metric.name, metric.formattedValue, metric.formattedInterval, valid]
    }
    let header = [
      "metric", "value", options.bootstrap == nil ? "" : "interval",
      options.bootstrap == nil ? "" : "valid",
    ]
    let all = [header] + rows
    let widths = (0..<header.count).map { column in all.map { $0[column].count }.max() ?? 0 }
    for row in all {
      let cells = row.enumerated().map { column, cell in
        let padding = String(repeating: " ", count: widths[column] - cell.count)
        return column == 0 || column == 2 ? cell + padding : padding + cell
      }
      var line = cells.joined(separator: "  ")
      while line.hasSuffix(" ") { line.removeLast() }
      lines.append(line)
    }
    return lines.joined(separator: "\n") + "\n"
  }

  private struct Definition {
    var key: String
    var name: String
    var unit: MetricEstimate.Unit
  }

  private static func definitions(_ options: Options) -> [Definition] {
    let k = options.topK
    return [
      Definition(key: "kendall_tau_b", name: "Kendall tau-b", unit: .coefficient),
      Definition(key: "spearman_rho", name: "Spearman rho", unit: .coefficient),
      Definition(key: "pearson_r", name: "Pearson r", unit: .coefficient),
      Definition(
        key: "sparse_kendall_tau_binned",
        name: SparseKendallTau.binned(precision: options.binnedPrecision).name,
        unit: .coefficient),
      Definition(
        key: "sparse_kendall_tau_landmark_authors",
        name: SparseKendallTau.landmarkAuthors(threshold: options.landmarkAuthorsThreshold).name,
        unit: .coefficient),
      Definition(key: "precision_at_k", name: "Precision@\(k)", unit: .fraction),
      Definition(
        key: "kendall_tau_b_true_top_k", name: "Kendall tau-b in true top-\(k)", unit: .coefficient),
      Definition(
        key: "supernet_rank_of_true_best", name: "Super-net rank of true best", unit: .rank),
      Definition(
        key: "truth_mean_supernet_top_k", name: "Truth mean of super-net top-\(k)", unit: .accuracy),
      Definition(
        key: "truth_std_supernet_top_k", name: "Truth std of super-net top-\(k)", unit: .accuracy),
      Definition(
        key: "truth_rank_of_found", name: "Truth rank of best in super-net top-\(k)", unit: .rank),
      Definition(key: "probability_surpassing_random", name: "P>R (K=\(k))", unit: .probability),
    ]
  }

  /// The figures in `definitions` order.
  private static func values(
    scores: [Double], truth: [Double], tieBreak: [Double]?, options: Options
  )
    -> [Double?]
  {
    let topK = TopKAgreement(scores: scores, truth: truth, k: options.topK)
    let search = SearchQuality(scores: scores, truth: truth, k: options.topK)
    return [
      kendallTauB(scores, truth),
      CairnRanking.spearmanRho(scores, truth),
      CairnRanking.pearsonR(scores, truth),
      SparseKendallTau.binned(precision: options.binnedPrecision).evaluate(
        scores: scores, truth: truth
      ).value,
      SparseKendallTau.landmarkAuthors(threshold: options.landmarkAuthorsThreshold).evaluate(
        scores: scores, truth: truth, tieBreak: tieBreak
      ).value,
      topK.precision,
      topK.kendallTauWithinTrueTopK,
      Double(topK.supernetRankOfTrueBest),
      topK.truthMeanOfSupernetTopK,
      topK.truthStandardDeviationOfSupernetTopK,
      Double(search.foundTruthRank),
      search.probabilitySurpassingRandom,
    ]
  }

  private static func validate(
    scores: [Double], truth: [Double], tieBreak: [Double]?, options: Options, pool: EvaluationPool?
  ) throws(CairnError) {
    guard scores.count == truth.count else {
      throw CairnError.invalidInput("\(scores.count) scores but \(truth.count) ground-truth values")
    }
    guard scores.count >= 2 else {
      throw CairnError.invalidInput("a ranking needs at least 2 architectures, got \(scores.count)")
    }
    if let index = scores.firstIndex(where: { !$0.isFinite }) {
      throw CairnError.invalidInput("score \(index) is not finite (\(scores[index]))")
    }
    if let index = truth.firstIndex(where: { !$0.isFinite }) {
      throw CairnError.invalidInput("ground truth \(index) is not finite (\(truth[index]))")
    }
    if let tieBreak {
      guard tieBreak.count == scores.count else {
        throw CairnError.invalidInput(
          "\(tieBreak.count) tie-break values for \(scores.count) scores")
      }
      guard tieBreak.allSatisfy(\.isFinite) else {
        throw CairnError.invalidInput("a tie-break value is not finite")
      }
    }
    guard (1...scores.count).contains(options.topK) else {
      throw CairnError.invalidInput("top-K must be in 1...\(scores.count), got \(options.topK)")
    }
    for (name, threshold) in [
      ("binned precision", options.binnedPrecision),
      ("landmark threshold", options.landmarkAuthorsThreshold),
    ] {
      guard threshold > 0 && threshold.isFinite else {
        throw CairnError.invalidInput("\(name) must be positive, got \(threshold)")
      }
    }
    if let bootstrap = options.bootstrap {
      guard bootstrap.resamples >= 1, bootstrap.level > 0, bootstrap.level < 1 else {
        throw CairnError.invalidInput("bootstrap needs resamples ≥ 1 and a level in (0, 1)")
      }
    }
    if let pool, pool.count != scores.count {
      throw CairnError.invalidInput(
        "pool has \(pool.count) members but \(scores.count) scores were given")
    }
  }
}

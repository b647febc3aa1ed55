import Foundation

/// The landmark paper's search-quality figure P>R: the probability that the architecture a super-net-guided
/// search finds beats random search with the same budget.
///
/// The search keeps the super-net's top K (TopK(scores), see `TopKAgreement`) and, after evaluating them,
/// the best of those by ground truth: the found architecture, with ground-truth rank r (1 = best) among the
/// N architectures. Random search draws K architectures uniformly with replacement. Each draw is worse than
/// the found architecture with probability (N − r)/N, so
///
///     P>R = ((N − r) / N)^K
///
/// is the probability that all K random draws are worse, i.e. that the search surpassed random search.
/// Higher is better: ((N − 1)/N)^K at best (r = 1), 0 at worst (r = N).
///
/// On the formula's usual statement, (r/N)^K: in the authors' evaluation code r is the architecture's
/// 0-based index in the ground-truth order sorted ascending (0 = worst), which is N − r in the 1-based
/// from-the-best rank used here; the two agree. Read with r counted from the best instead, (r/N)^K would be
/// the probability that every one of K random draws is at least as good as the found architecture — a
/// lower-is-better figure that is not what the paper reports. The authors take N to be the whole search
/// space (15,625 on NAS-Bench-201) and K = 10 there, 5 elsewhere; `init(scores:truth:k:)` takes N and r
/// from the lists it is given, and `probabilitySurpassingRandom(truthRank:populationSize:draws:)` accepts a
/// rank from any population.
public struct SearchQuality: Sendable, Hashable, Codable {
  /// K: the super-net picks evaluated, and the random draws compared against.
  public var draws: Int
  /// N: the number of architectures ranked.
  public var populationSize: Int
  /// The index of the found architecture (the best by ground truth among the super-net's top K).
  public var foundIndex: Int
  /// Its ground-truth rank r among the N, 1 = best (ties broken by index).
  public var foundTruthRank: Int
  /// P>R = ((N − r)/N)^K.
  public var probabilitySurpassingRandom: Double

  /// Evaluates the search that keeps the top `k` of `scores` (higher is better) against `truth`.
  public init(scores: [Double], truth: [Double], k: Int = 10) {
    precondition(scores.count == truth.count, "search quality needs equal-length lists")
    precondition(k >= 1 && k <= scores.count, "K must be in 1...\(scores.count), got \(k)")
    precondition(
      !scores.contains(where: \.isNaN) && !truth.contains(where: \.isNaN),
      "search quality: NaN value")
    let n = scores.count
    var truthRank = [Int](repeating: 0, count: n)
    for (position, index) in descendingOrder(truth).enumerated() { truthRank[index] = position + 1 }
    let found = descendingOrder(scores).prefix(k).min { truthRank[$0] < truthRank[$1] }!
    draws = k
    populationSize = n
    foundIndex = found
    foundTruthRank = truthRank[found]
    probabilitySurpassingRandom = Self.probabilitySurpassingRandom(
      truthRank: truthRank[found], populationSize: n, draws: k)
  }

  /// ((N − r)/N)^K for ground-truth rank `truthRank` = r (1 = best) among `populationSize` = N
  /// architectures and `draws` = K random draws.
  public static func probabilitySurpassingRandom(truthRank: Int, populationSize: Int, draws: Int)
    -> Double
  {
    precondition(
      populationSize >= 1 && (1...populationSize).contains(truthRank), "rank outside 1...N")
    precondition(draws >= 1, "K must be positive")
    return pow(Double(populationSize - truthRank) / Double(populationSize), Double(draws))
  }
}

import CairnCore

/// How the landmark pairs of one training step are drawn (landmark spec §1, eq. 6).
///
/// Each step makes `draws` independent draws (the reference's `landmark_loss_random_pairs`, 1 in every script);
/// a draw gives one pair, or two for `threeChain`. Positions refer to a `LandmarkSet` of K landmarks sorted
/// ascending by ground truth.
public enum LandmarkPairLaw: String, CaseIterable, Codable, Hashable, Sendable,
  CustomStringConvertible
{
  /// The reference code's `random_pairwise_loss`: a ~ U{0..K−2}, then b ~ U{a+1..K−1}, so
  /// P(a, b) = 1 / ((K−1)(K−1−a)). Not uniform over pairs: pairs whose worse member is high are favoured.
  case official
  /// Uniform over the K(K−1)/2 pairs: P(a, b) = 2 / (K(K−1)).
  case uniform
  /// Adjacent positions only: a ~ U{0..K−2}, b = a + 1, so P(a, a+1) = 1 / (K−1).
  case adjacent
  /// The reference code's `random_three_pairwise_loss`: three distinct positions a < b < c, uniform over the
  /// C(K, 3) triples, giving the two pairs (a, b) and (b, c). Needs K ≥ 3.
  case threeChain

  /// The reference code's name for the procedure, for reports.
  public var description: String {
    switch self {
    case .official: return "random_pairwise_loss"
    case .uniform: return "uniform_pairwise_loss"
    case .adjacent: return "adjacent_pairwise_loss"
    case .threeChain: return "random_three_pairwise_loss"
    }
  }

  /// The smallest number of landmarks the law can draw from: 3 for `threeChain`, else 2.
  public var minimumLandmarkCount: Int { self == .threeChain ? 3 : 2 }

  /// The number of pairs one draw gives: 2 for `threeChain`, else 1.
  public var pairsPerDraw: Int { self == .threeChain ? 2 : 1 }

  /// Checks that the law can draw from `landmarkCount` landmarks, naming the law and the count.
  public func validate(landmarkCount: Int) throws(CairnError) {
    guard landmarkCount >= minimumLandmarkCount else {
      throw .invalidInput(
        "landmark pair law '\(rawValue)' needs at least \(minimumLandmarkCount) landmarks, got \(landmarkCount)"
      )
    }
  }

  /// The pairs of one draw among `landmarkCount` landmarks (at least `minimumLandmarkCount`).
  public func draw(landmarkCount k: Int, using random: inout RandomStream) -> [LandmarkPair] {
    precondition(
      k >= minimumLandmarkCount, "\(rawValue) needs at least \(minimumLandmarkCount) landmarks")
    switch self {
    case .official:
      let a = random.int(in: 0...(k - 2))
      let b = random.int(in: (a + 1)...(k - 1))
      return [LandmarkPair(worse: a, better: b)]
    case .uniform:
      let two = random.sample(2, from: k)
      return [LandmarkPair(worse: min(two[0], two[1]), better: max(two[0], two[1]))]
    case .adjacent:
      let a = random.int(in: 0...(k - 2))
      return [LandmarkPair(worse: a, better: a + 1)]
    case .threeChain:
      let three = random.sample(3, from: k).sorted()
      return [
        LandmarkPair(worse: three[0], better: three[1]),
        LandmarkPair(worse: three[1], better: three[2]),
      ]
    }
  }

  /// The pairs of one training step: `draws` independent draws, concatenated in draw order.
  public func pairs(landmarkCount: Int, draws: Int = 1, using random: inout RandomStream)
    -> [LandmarkPair]
  {
    precondition(draws >= 0, "the number of pair draws must not be negative")
    var result: [LandmarkPair] = []
    result.reserveCapacity(draws * pairsPerDraw)
    for _ in 0..<draws { result += draw(landmarkCount: landmarkCount, using: &random) }
    return result
  }

  /// The expected number of times `pair` occurs in one draw among `landmarkCount` landmarks.
  ///
  /// For the one-pair laws this is the probability of the pair; for `threeChain` it is
  /// P(first pair) + P(second pair) = ((K−1−b) + a) / C(K, 3), and the values over all pairs sum to 2.
  public func expectedCount(of pair: LandmarkPair, landmarkCount k: Int) -> Double {
    guard k >= minimumLandmarkCount, pair.better < k else { return 0 }
    let (a, b) = (pair.worse, pair.better)
    let km1 = Double(k - 1)
    switch self {
    case .official:
      return 1 / (km1 * (km1 - Double(a)))
    case .uniform:
      return 2 / (Double(k) * km1)
    case .adjacent:
      return b == a + 1 ? 1 / km1 : 0
    case .threeChain:
      let triples = Double(k) * km1 * Double(k - 2) / 6
      return Double((k - 1 - b) + a) / triples
    }
  }
}

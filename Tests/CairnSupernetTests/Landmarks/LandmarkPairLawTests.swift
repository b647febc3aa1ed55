import CairnCore
import Foundation
import Testing

#if canImport(CairnSupernet)
  @testable import CairnSupernet
#else
  @testable import CairnLandmarks
#endif

@Suite struct LandmarkPairLawTests {
  /// The exact expected count of each pair per draw, written out independently of the implementation.
  func exact(_ law: LandmarkPairLaw, _ a: Int, _ b: Int, k: Int) -> Double {
    let km1 = Double(k - 1)
    switch law {
    case .official: return 1 / (km1 * (km1 - Double(a)))
    case .uniform: return 1 / (Double(k) * km1 / 2)
    case .adjacent: return b == a + 1 ? 1 / km1 : 0
    case .threeChain:
      // (a, b) is the first pair of the triples (a, b, c > b) and the second of the triples (x < a, a, b).
      let triples = Double(k * (k - 1) * (k - 2) / 6)
      return Double(k - 1 - b) / triples + Double(a) / triples
    }
  }

  @Test(arguments: LandmarkPairLaw.allCases)
  func empiricalFrequenciesMatchTheExactProbabilities(_ law: LandmarkPairLaw) {
    let k = 6
    let draws = 60_000
    var random = RandomStream(seed: 11, name: "pairs-\(law.rawValue)")
    var counts: [LandmarkPair: Int] = [:]
    for _ in 0..<draws {
      let pairs = law.draw(landmarkCount: k, using: &random)
      #expect(pairs.count == law.pairsPerDraw)
      for pair in pairs {
        #expect(0 <= pair.worse && pair.worse < pair.better && pair.better < k)
        counts[pair, default: 0] += 1
      }
      if law == .threeChain { #expect(pairs[0].better == pairs[1].worse) }
    }
    var total = 0.0
    for a in 0..<k {
      for b in (a + 1)..<k {
        let pair = LandmarkPair(worse: a, better: b)
        let p = exact(law, a, b, k: k)
        #expect(abs(law.expectedCount(of: pair, landmarkCount: k) - p) < 1e-12)
        total += p
        // Frequencies within 5 binomial standard deviations (deterministic under the seed).
        let frequency = Double(counts[pair] ?? 0) / Double(draws)
        let sd = (max(p, 1e-9) * (1 - min(p, 1)) / Double(draws)).squareRoot()
        #expect(abs(frequency - p) <= 5 * sd + 1e-12, "\(law) \(pair): \(frequency) vs \(p)")
        if p == 0 { #expect(counts[pair] == nil) }
      }
    }
    #expect(abs(total - Double(law.pairsPerDraw)) < 1e-12)
  }

  @Test func officialLawFavoursHighPairsUniformDoesNot() {
    let k = 30
    let top = LandmarkPair(worse: 28, better: 29)
    let bottom = LandmarkPair(worse: 0, better: 1)
    #expect(
      abs(LandmarkPairLaw.official.expectedCount(of: top, landmarkCount: k) - 1.0 / 29) < 1e-15)
    #expect(
      abs(LandmarkPairLaw.official.expectedCount(of: bottom, landmarkCount: k) - 1.0 / (29 * 29))
        < 1e-15)
    #expect(
      LandmarkPairLaw.uniform.expectedCount(of: top, landmarkCount: k)
        == LandmarkPairLaw.uniform.expectedCount(of: bottom, landmarkCount: k))
  }

  @Test func stepsRepeatDrawsAndAreReproducible() {
    var first = RandomStream(seed: 3, name: "step")
    var second = RandomStream(seed: 3, name: "step")
    let a = LandmarkPairLaw.official.pairs(landmarkCount: 30, draws: 4, using: &first)
    let b = LandmarkPairLaw.official.pairs(landmarkCount: 30, draws: 4, using: &second)
    #expect(a.count == 4 && a == b)
    #expect(LandmarkPairLaw.threeChain.pairs(landmarkCount: 5, draws: 3, using: &first).count == 6)
    #expect(LandmarkPairLaw.uniform.pairs(landmarkCount: 5, using: &first).count == 1)
    // Two landmarks leave one pair.
    #expect(
      LandmarkPairLaw.official.draw(landmarkCount: 2, using: &first) == [
        LandmarkPair(worse: 0, better: 1)
      ])
  }

  @Test func validationNamesTheLawAndCount() throws {
    try LandmarkPairLaw.official.validate(landmarkCount: 2)
    let error = #expect(throws: CairnError.self) {
      try LandmarkPairLaw.threeChain.validate(landmarkCount: 2)
    }
    #expect(
      landmarkErrorMessage(error)?.contains("'threeChain' needs at least 3 landmarks, got 2")
        == true)
    #expect(throws: CairnError.self) { try LandmarkPairLaw.uniform.validate(landmarkCount: 1) }
  }

  @Test func codableAndNames() throws {
    for law in LandmarkPairLaw.allCases { #expect(try landmarkRoundTrip(law) == law) }
    #expect(LandmarkPairLaw.official.description == "random_pairwise_loss")
    #expect(LandmarkPairLaw.threeChain.description == "random_three_pairwise_loss")
    #expect(
      try landmarkRoundTrip(LandmarkPair(worse: 2, better: 5)) == LandmarkPair(worse: 2, better: 5))
    #expect(LandmarkPair(worse: 2, better: 5).description == "(2, 5)")
    #expect(throws: DecodingError.self) {
      _ = try JSONDecoder().decode(LandmarkPair.self, from: Data(#"{"worse":3,"better":3}"#.utf8))
    }
  }
}

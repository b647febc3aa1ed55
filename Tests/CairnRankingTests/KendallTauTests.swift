import CairnCore
import Testing

@testable import CairnRanking

@Suite struct KendallTauTests {
  @Test(arguments: [2, 3, 5, 17, 64, 301])
  func matchesPairCountingOnTiedData(count: Int) {
    var random = RandomStream(seed: UInt64(count), name: "kendall naive")
    for levels in [2, 3, 7, 1000] {
      let x = tiedValues(count, levels: levels, random: &random)
      let y = tiedValues(count, levels: max(2, levels / 2), random: &random)
      #expect(distance(kendallTauB(x, y), naiveKendallTauB(x, y)) <= 1e-12, "levels \(levels)")
    }
  }

  @Test func countsMatchTheirDefinitions() throws {
    var random = RandomStream(seed: 5, name: "kendall counts")
    let x = tiedValues(120, levels: 6, random: &random)
    let y = tiedValues(120, levels: 4, random: &random)
    let counts = try #require(KendallPairCounts(x, y))
    var discordant = 0
    var tiedInX = 0
    var tiedInY = 0
    var tiedInBoth = 0
    var concordant = 0
    for i in 0..<x.count {
      for j in (i + 1)..<x.count {
        if x[i] == x[j] { tiedInX += 1 }
        if y[i] == y[j] { tiedInY += 1 }
        if x[i] == x[j] && y[i] == y[j] { tiedInBoth += 1 }
        if x[i] != x[j] && y[i] != y[j] {
          if (x[i] < x[j]) == (y[i] < y[j]) { concordant += 1 } else { discordant += 1 }
        }
      }
    }
    #expect(counts.pairs == 120 * 119 / 2)
    #expect(counts.discordant == discordant)
    #expect(counts.tiedInX == tiedInX)
    #expect(counts.tiedInY == tiedInY)
    #expect(counts.tiedInBoth == tiedInBoth)
    #expect(counts.concordant == concordant)
  }

  @Test func constantInputIsUndefinedNotACrash() {
    #expect(kendallTauB([1, 1, 1, 1], [4, 2, 3, 1]) == nil)
    #expect(kendallTauB([4, 2, 3, 1], [7, 7, 7, 7]) == nil)
    #expect(kendallTauB([5, 5], [5, 5]) == nil)
    #expect(spearmanRho([1, 1, 1], [1, 2, 3]) == nil)
    #expect(pearsonR([1, 2, 3], [0.1, 0.1, 0.1]) == nil)
  }

  @Test func twoValuesGiveTheSignOfTheirOrder() {
    #expect(kendallTauB([1, 2], [10, 20]) == 1)
    #expect(kendallTauB([1, 2], [20, 10]) == -1)
    #expect(kendallTauB([1, 1], [20, 10]) == nil)
    #expect(spearmanRho([1, 2], [20, 10]).map { abs($0 + 1) < 1e-15 } == true)
    #expect(pearsonR([1, 2], [10, 20]) == 1)
  }

  @Test func fewerThanTwoValuesOrNaNAreUndefined() {
    #expect(kendallTauB([], []) == nil)
    #expect(kendallTauB([3], [1]) == nil)
    #expect(spearmanRho([3], [1]) == nil)
    #expect(pearsonR([3], [1]) == nil)
    #expect(kendallTauB([1, .nan, 3], [1, 2, 3]) == nil)
    #expect(spearmanRho([1, .nan, 3], [1, 2, 3]) == nil)
    #expect(pearsonR([1, 2, .infinity], [1, 2, 3]) == nil)
  }

  @Test func infinitiesAreOrderedValuesForRankCorrelations() {
    // SciPy: kendalltau([1, inf, 3], [1, 2, 3]) = 1/3 and spearmanr(...) = 0.5.
    #expect(abs(kendallTauB([1, .infinity, 3], [1, 2, 3])! - 1.0 / 3) < 1e-15)
    #expect(abs(spearmanRho([1, .infinity, 3], [1, 2, 3])! - 0.5) < 1e-15)
  }

  @Test func averageRanksShareTies() {
    #expect(averageRanks([10, 20, 20, 5]) == [2, 3.5, 3.5, 1])
    #expect(averageRanks([3, 3, 3]) == [2, 2, 2])
    #expect(averageRanks([]) == [])
  }

  @Test func perfectAndReversedOrders() {
    let x = (0..<100).map(Double.init)
    #expect(kendallTauB(x, x.map { $0 * $0 })! > 1 - 1e-12)
    #expect(kendallTauB(x, x.reversed())! < -1 + 1e-12)
  }

  @Test func fifteenThousandArchitecturesAreCountedConsistently() {
    var random = RandomStream(seed: 11, name: "kendall large")
    let x = tiedValues(15_625, levels: 900, random: &random)
    let y = zip(x, normalValues(15_625, random: &random)).map { ($0 + 200 * $1).rounded() }
    let counts = KendallPairCounts(x, y)!
    #expect(counts.pairs == 15_625 * 15_624 / 2)
    #expect(
      counts.concordant + counts.discordant + counts.tiedInX + counts.tiedInY - counts.tiedInBoth
        == counts.pairs)
    #expect(kendallTauB(x, y)! > 0.5)
  }
}

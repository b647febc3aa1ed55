import CairnCore
import Foundation
import Testing

#if canImport(CairnSupernet)
  @testable import CairnSupernet
#else
  @testable import CairnLandmarks
#endif

@Suite struct LandmarkIterationTests {
  let truths: [String: Double] = [
    "a": 10, "b": 20, "c": 30, "d": 40, "e": 50, "f": 60, "g": 70, "h": 80, "i": 90,
  ]

  func base() throws -> LandmarkSet<String> {
    try LandmarkSet(architectures: ["b", "e", "h"]) { truths[$0]! }
  }

  @Test func addingAppendsUnseenArchitecturesAndReSorts() throws {
    let set = try base().adding([("a", 10), ("e", 99), ("f", 60), ("a", 11)])
    #expect(set.architectures == ["a", "b", "e", "f", "h"])
    // "e" keeps its value; the second "a" is skipped.
    #expect(set.groundTruths == [10, 20, 50, 60, 80])
    let same = try base().adding([Landmark(architecture: "h", groundTruth: 1)])
    #expect(same == (try base()))
    #expect(throws: CairnError.self) { _ = try base().adding([("z", .nan)]) }
    // Ties: existing landmarks come before a tied newcomer.
    #expect(try base().adding([("t", 50)]).architectures == ["b", "e", "t", "h"])
  }

  @Test func topUnseenSkipsLandmarksAndRanksByScore() throws {
    let scored: [(String, Double)] = [
      ("h", 0.99), ("a", 0.40), ("c", 0.70), ("i", 0.70), ("d", .nan), ("f", 0.95), ("g", 0.10),
      ("c", 0.01), ("e", 0.98), ("x", 0.50), ("y", 0.45),
    ]
    let set = try base()
    #expect(try set.topUnseen(among: scored) == ["f", "c", "i", "x", "y"])
    #expect(try set.topUnseen(among: scored, count: 2) == ["f", "c"])
    #expect(try set.topUnseen(among: scored, count: 50) == ["f", "c", "i", "x", "y", "a", "g"])
    let zero = #expect(throws: CairnError.self) { _ = try set.topUnseen(among: scored, count: 0) }
    #expect(landmarkErrorMessage(zero)?.contains("got 0") == true)
  }

  @Test func oneIterationAddsTheTopUnseenWithTheirGroundTruth() throws {
    let scored: [(String, Double)] = [("a", 0.1), ("c", 0.9), ("d", 0.8), ("e", 1.0), ("i", 0.2)]
    let next = try base().addingTopUnseen(among: scored, count: 2) { truths[$0]! }
    #expect(next.architectures == ["b", "c", "d", "e", "h"])
    #expect(next.groundTruths == [20, 30, 40, 50, 80])
    let again = try next.addingTopUnseen(among: scored, count: 2) { truths[$0]! }
    #expect(again.architectures == ["a", "b", "c", "d", "e", "h", "i"])
  }
}

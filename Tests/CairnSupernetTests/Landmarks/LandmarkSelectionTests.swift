import CairnCore
import CairnSpaces
import Foundation
import Testing

#if canImport(CairnSupernet)
  @testable import CairnSupernet
#else
  @testable import CairnLandmarks
#endif

@Suite struct LandmarkSelectionTests {
  /// 100 candidates "c0"…"c99" whose ground truth falls with the index, so rank r (ascending) is "c\(99 − r)".
  let candidates = (0..<100).map { "c\($0)" }
  func truth(_ name: String) -> Double { 1000 - Double(name.dropFirst())! }

  @Test func rankStratifiedPositionsFollowTheReferenceFormula() throws {
    // N = 100, K = 7: step = 100 div 7 = 14, start = 100 − 6·14 − 1 = 15.
    #expect(
      try LandmarkSelection.rankStratifiedPositions(populationSize: 100, count: 7) == [
        15, 29, 43, 57, 71, 85, 99,
      ])
    // N = 15625, K = 30: step 520, start 15625 − 29·520 − 1 = 544, ending at the best.
    let nb201 = try LandmarkSelection.rankStratifiedPositions(populationSize: 15_625, count: 30)
    #expect(nb201.first == 544 && nb201.last == 15_624 && nb201.count == 30)
    #expect(
      try LandmarkSelection.rankStratifiedPositions(populationSize: 5, count: 5) == [0, 1, 2, 3, 4])
    let error = #expect(throws: CairnError.self) {
      _ = try LandmarkSelection.rankStratifiedPositions(populationSize: 5, count: 6)
    }
    #expect(
      landmarkErrorMessage(error) == "landmark count K = 6 exceeds the 5 candidate architectures")
  }

  @Test func rankStratifiedPicksThoseRanks() throws {
    var random = RandomStream(seed: 1, name: "landmarks")
    let set = try LandmarkSelection.rankStratified(count: 7).select(
      from: candidates.shuffled(using: &random), groundTruth: truth, using: &random)
    #expect(set.architectures == [15, 29, 43, 57, 71, 85, 99].map { "c\(99 - $0)" })
    #expect(set.groundTruths == set.groundTruths.sorted())
  }

  @Test func randomPicksDistinctCandidatesReproducibly() throws {
    var first = RandomStream(seed: 5, name: "landmarks")
    var second = RandomStream(seed: 5, name: "landmarks")
    let a = try LandmarkSelection.random(count: 30).select(
      from: candidates + candidates, groundTruth: truth, using: &first)
    let b = try LandmarkSelection.random(count: 30).select(
      from: candidates, groundTruth: truth, using: &second)
    #expect(a.count == 30 && Set(a.architectures).count == 30)
    #expect(a.groundTruths == a.groundTruths.sorted())
    #expect(a == b)  // listed twice counts once, so the draws are the same
    var third = RandomStream(seed: 6, name: "landmarks")
    #expect(
      try LandmarkSelection.random(count: 30).select(
        from: candidates, groundTruth: truth, using: &third)
        != a)
    let tooMany = #expect(throws: CairnError.self) {
      _ = try LandmarkSelection.random(count: 101).select(
        from: candidates, groundTruth: truth, using: &third)
    }
    #expect(
      landmarkErrorMessage(tooMany)
        == "landmark count K = 101 exceeds the 100 candidate architectures")
  }

  @Test func selectionInTheNB201Space() throws {
    let space = NB201Space()
    var random = RandomStream(seed: 2, name: "landmarks")
    let randomSet = try LandmarkSelection.random(count: 30).select(
      in: space, groundTruth: landmarkTestTruth, using: &random)
    #expect(randomSet.count == 30 && Set(randomSet.architectures).count == 30)
    #expect(randomSet.groundTruths == randomSet.groundTruths.sorted())

    let stratified = try LandmarkSelection.rankStratified(count: 30).select(
      in: space, groundTruth: landmarkTestTruth, using: &random)
    let all = try space.allArchitectures().map(landmarkTestTruth).sorted()
    #expect(stratified.groundTruths.last == all.last)
    #expect(stratified.groundTruths.first == all[544])

    // Exclusions: keep 40 architectures available.
    let everything = try space.allArchitectures()
    let excluded = Set(everything.dropFirst(40))
    let kept = try LandmarkSelection.random(count: 40).select(
      in: space, excluding: excluded, groundTruth: landmarkTestTruth, using: &random)
    #expect(Set(kept.architectures) == Set(everything.prefix(40)))
    let tooMany = #expect(throws: CairnError.self) {
      _ = try LandmarkSelection.random(count: 41).select(
        in: space, excluding: excluded, groundTruth: landmarkTestTruth, using: &random)
    }
    #expect(
      landmarkErrorMessage(tooMany)
        == "landmark count K = 41 exceeds the 40 architectures available in nb201")
    #expect(throws: CairnError.self) {
      _ = try LandmarkSelection.random(count: 15_626).select(
        in: space, groundTruth: landmarkTestTruth, using: &random)
    }
  }

  @Test func parametersAreValidated() throws {
    var random = RandomStream(seed: 0)
    let invalid: [(LandmarkSelection, String)] = [
      (.random(count: 1), "landmark count K must be at least 2, got 1"),
      (.rankStratified(count: 0), "landmark count K must be at least 2, got 0"),
      (
        .hamming(count: 30, distance: -1),
        "landmark Hamming distance d must not be negative, got -1"
      ),
      (
        .hammingIteration(roots: 0, distance: 5),
        "landmark Hamming iteration roots must be at least 1, got 0"
      ),
    ]
    for (selection, message) in invalid {
      let error = #expect(throws: CairnError.self) { try selection.validate() }
      #expect(landmarkErrorMessage(error) == message)
    }
    let list = #expect(throws: CairnError.self) {
      _ = try LandmarkSelection.hamming(count: 5, distance: 1).select(
        from: candidates, groundTruth: truth, using: &random)
    }
    #expect(landmarkErrorMessage(list)?.contains("select in a search space") == true)
  }

  @Test func countsDescriptionsAndCodable() throws {
    let selections: [LandmarkSelection] = [
      .random(count: 30), .rankStratified(count: 50), .hamming(count: 30, distance: 2),
      .hamming(count: 30, distance: 4, variant: .corrected),
      .hammingIteration(roots: 3, distance: 5),
      .hammingIteration(roots: 2, distance: 5, variant: .corrected),
    ]
    #expect(selections.map(\.landmarkCount) == [30, 50, 30, 30, 30, 20])
    #expect(selections[2].description == "hamming (K = 30, d = 2, faithful)")
    #expect(selections[5].description == "hamming-iteration (2 roots, K = 20, d = 5, corrected)")
    #expect(selections[0].description == "random (K = 30)")
    #expect(selections[1].description == "rank-stratified (K = 50)")
    for selection in selections { #expect(try landmarkRoundTrip(selection) == selection) }
  }
}

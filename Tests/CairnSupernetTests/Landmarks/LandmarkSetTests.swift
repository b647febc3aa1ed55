import CairnCore
import CairnSpaces
import Foundation
import Testing

#if canImport(CairnSupernet)
  @testable import CairnSupernet
#else
  @testable import CairnLandmarks
#endif

@Suite struct LandmarkSetTests {
  func landmarks(_ entries: [(String, Double)]) -> [Landmark<String>] {
    entries.map { Landmark(architecture: $0.0, groundTruth: $0.1) }
  }

  @Test func sortsAscendingByGroundTruthWithStableTies() throws {
    let set = try LandmarkSet(landmarks([("c", 93.1), ("a", 70), ("d", 80), ("b", 80), ("e", 10)]))
    #expect(set.architectures == ["e", "a", "d", "b", "c"])
    #expect(set.groundTruths == [10, 70, 80, 80, 93.1])
    #expect(set.count == 5)
    #expect(set[0].architecture == "e" && set[4].groundTruth == 93.1)
    #expect(set.position(of: "b") == 3)
    #expect(set.position(of: "z") == nil)
    #expect(set.contains(architecture: "a") && !set.contains(architecture: "z"))
    #expect(!set.allowsDuplicates)
  }

  @Test func buildsFromArchitecturesAndALookup() throws {
    let truths = ["x": 3.0, "y": 1.0, "z": 2.0]
    let set = try LandmarkSet(architectures: ["x", "y", "z"]) { truths[$0]! }
    #expect(set.architectures == ["y", "z", "x"])
    let error = #expect(throws: CairnError.self) {
      _ = try LandmarkSet(architectures: ["x", "q"]) {
        (name: String) throws(CairnError) -> Double in
        guard let truth = truths[name] else { throw .invalidInput("no ground truth for '\(name)'") }
        return truth
      }
    }
    #expect(landmarkErrorMessage(error) == "no ground truth for 'q'")
  }

  @Test func validationNamesTheProblem() throws {
    let few = #expect(throws: CairnError.self) { _ = try LandmarkSet(landmarks([("a", 1)])) }
    #expect(landmarkErrorMessage(few) == "a landmark set needs at least 2 landmarks, got 1")
    let twice = #expect(throws: CairnError.self) {
      _ = try LandmarkSet(landmarks([("a", 1), ("b", 2), ("a", 3)]))
    }
    #expect(landmarkErrorMessage(twice) == "landmark 'a' appears more than once")
    let nan = #expect(throws: CairnError.self) {
      _ = try LandmarkSet(landmarks([("a", 1), ("b", .nan)]))
    }
    #expect(landmarkErrorMessage(nan) == "landmark 'b' has a non-finite ground truth (nan)")
    #expect(throws: CairnError.self) {
      _ = try LandmarkSet(landmarks([("a", 1), ("b", .infinity)]))
    }
    let kept = try LandmarkSet(landmarks([("a", 1), ("b", 2), ("a", 1)]), allowsDuplicates: true)
    #expect(kept.architectures == ["a", "a", "b"])
  }

  @Test func codableRoundTripValidatesOnDecode() throws {
    let set = try LandmarkSet(landmarks([("b", 2), ("a", 1), ("c", 0.5)]))
    let decoded = try landmarkRoundTrip(set)
    #expect(decoded == set)
    #expect(decoded.architectures == ["c", "a", "b"])

    let cells = try LandmarkSet(
      architectures: [
        try NB201Architecture(opIDs: [3, 3, 3, 3, 3, 3]),
        try NB201Architecture(opIDs: [0, 0, 0, 0, 0, 0]),
      ],
      groundTruth: landmarkTestTruth)
    #expect(try landmarkRoundTrip(cells) == cells)

    let duplicated = Data(
      #"{"landmarks":[{"architecture":"a","groundTruth":1},{"architecture":"a","groundTruth":2}]}"#
        .utf8)
    #expect(throws: DecodingError.self) {
      _ = try JSONDecoder().decode(LandmarkSet<String>.self, from: duplicated)
    }
    // Unsorted input is sorted on decode; a missing flag means no duplicates.
    let unsorted = Data(
      #"{"landmarks":[{"architecture":"a","groundTruth":2},{"architecture":"b","groundTruth":1}]}"#
        .utf8)
    #expect(
      try JSONDecoder().decode(LandmarkSet<String>.self, from: unsorted).architectures == [
        "b", "a",
      ])
  }
}

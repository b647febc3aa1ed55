import CairnCore
import CairnSpaces
import Foundation
import Testing

#if canImport(CairnSupernet)
  @testable import CairnSupernet
#else
  @testable import CairnLandmarks
#endif

@Suite struct LandmarkHammingTests {
  let space = NB201Space()

  func sampler(_ distance: Int, _ variant: LandmarkHammingVariant) throws -> LandmarkHammingSampler<
    NB201Space
  > {
    try LandmarkHammingSampler(space: space, distance: distance, variant: variant)
  }

  @Test(arguments: [0, 1, 2, 3, 4, 5])
  func correctedChildrenAreDistinctAndFartherThanTheDistance(_ distance: Int) throws {
    var random = RandomStream(seed: UInt64(distance), name: "hamming")
    let count = distance == 0 ? 20 : 30  // only 24 cells lie at distance 1
    let drawn = try sampler(distance, .corrected).sample(
      roots: 1, childrenPerRoot: count - 1, using: &random)
    #expect(drawn.count == count)
    #expect(Set(drawn).count == count)
    let root = drawn[0]
    for child in drawn.dropFirst() { #expect(child.hammingDistance(to: root) > distance) }
  }

  @Test func correctedIterationMeasuresEachChildToItsOwnRoot() throws {
    var random = RandomStream(seed: 9, name: "hamming")
    let excluded: Set<NB201Architecture> = [try NB201Architecture(opIDs: [0, 0, 0, 0, 0, 0])]
    let drawn = try sampler(5, .corrected).sample(
      roots: 3, childrenPerRoot: 9, excluding: excluded, using: &random)
    #expect(drawn.count == 30 && Set(drawn).count == 30)
    #expect(excluded.isDisjoint(with: drawn))
    for block in 0..<3 {
      let root = drawn[block * 10]
      for child in drawn[(block * 10 + 1)..<(block * 10 + 10)] {
        #expect(child.hammingDistance(to: root) == 6)
      }
    }
  }

  @Test func unreachableDistanceTakesTheFarthestWhenCorrectedAndTheLastWhenFaithful() throws {
    // d = 6 cannot be exceeded with six edges: every walk runs its 500 steps.
    var random = RandomStream(seed: 4, name: "hamming")
    let corrected = try sampler(6, .corrected).sample(roots: 1, childrenPerRoot: 10, using: &random)
    for child in corrected.dropFirst() { #expect(child.hammingDistance(to: corrected[0]) == 6) }
    let faithful = try sampler(6, .faithful).sample(roots: 1, childrenPerRoot: 40, using: &random)
    #expect(faithful.count == 41)
    let distances = faithful.dropFirst().map { $0.hammingDistance(to: faithful[0]) }
    // The last step of a walk is rarely at the farthest point.
    #expect(distances.contains { $0 < 6 })
  }

  @Test func faithfulKeepsDuplicateChildren() throws {
    // d = 0: every child is one mutation from the root, and there are only 24 such cells.
    var random = RandomStream(seed: 7, name: "hamming")
    let drawn = try sampler(0, .faithful).sample(roots: 1, childrenPerRoot: 29, using: &random)
    #expect(drawn.count == 30)
    #expect(Set(drawn).count < 30)
    for child in drawn.dropFirst() { #expect(child.hammingDistance(to: drawn[0]) == 1) }
  }

  @Test func faithfulDropsTheChildWithIdZero() throws {
    var random = RandomStream(seed: 8, name: "hamming")
    let replay = random
    let plain = try sampler(1, .faithful).sample(roots: 1, childrenPerRoot: 60, using: &random)
    let idZero = plain[3]
    var again = replay
    let dropped = try sampler(1, .faithful).sample(
      roots: 1, childrenPerRoot: 60, idZero: idZero, using: &again)
    // The same walks are drawn; only the children equal to id 0 are missing.
    #expect(dropped == [plain[0]] + plain.dropFirst().filter { $0 != idZero })
    #expect(dropped.count < plain.count)
    #expect(random == again)
    // The root is never dropped, as in the reference.
    var third = replay
    let rootKept = try sampler(1, .faithful).sample(
      roots: 1, childrenPerRoot: 60, idZero: plain[0], using: &third)
    #expect(rootKept == plain)
  }

  @Test func correctedGivesUpWhenTooFewChildrenExist() throws {
    var random = RandomStream(seed: 1, name: "hamming")
    let error = #expect(throws: CairnError.self) {
      _ = try sampler(0, .corrected).sample(roots: 1, childrenPerRoot: 29, using: &random)
    }
    #expect(landmarkErrorMessage(error)?.contains("found only 24 distinct children") == true)
  }

  @Test func samplerValidatesItsInputs() throws {
    var random = RandomStream(seed: 1)
    #expect(throws: CairnError.self) { _ = try sampler(-1, .corrected) }
    #expect(throws: CairnError.self) {
      _ = try sampler(1, .corrected).sample(roots: 0, childrenPerRoot: 9, using: &random)
    }
    let exclusion = #expect(throws: CairnError.self) {
      _ = try sampler(1, .faithful).sample(
        roots: 1, childrenPerRoot: 9, excluding: [try NB201Architecture(code: 0)], using: &random)
    }
    #expect(landmarkErrorMessage(exclusion)?.contains("use the corrected variant") == true)
  }

  @Test func selectionBuildsLandmarkSetsFromTheWalks() throws {
    var random = RandomStream(seed: 12, name: "landmarks")
    let corrected = try LandmarkSelection.hamming(count: 30, distance: 3, variant: .corrected)
      .select(
        in: space, groundTruth: landmarkTestTruth, using: &random)
    #expect(corrected.count == 30 && !corrected.allowsDuplicates)
    #expect(corrected.groundTruths == corrected.groundTruths.sorted())

    #expect(throws: CairnError.self) {
      _ = try LandmarkSelection.hamming(count: 30, distance: 3).select(
        in: space, excluding: [corrected[0].architecture], groundTruth: landmarkTestTruth,
        using: &random)
    }

    let iteration = try LandmarkSelection.hammingIteration(
      roots: 2, distance: 5, variant: .corrected
    )
    .select(in: space, groundTruth: landmarkTestTruth, using: &random)
    #expect(iteration.count == 20)

    let faithful = try LandmarkSelection.hamming(count: 60, distance: 0).select(
      in: space, groundTruth: landmarkTestTruth, using: &random)
    #expect(faithful.allowsDuplicates)
    #expect(faithful.count <= 60 && Set(faithful.architectures).count < faithful.count)
    #expect(faithful.groundTruths == faithful.groundTruths.sorted())
    // Tied duplicates sit next to each other.
    for i in 1..<faithful.count where faithful[i].groundTruth == faithful[i - 1].groundTruth {
      let index = try space.index(of: faithful[i].architecture)
      #expect(try space.index(of: faithful[i - 1].architecture) <= index)
    }
  }

  @Test func faithfulSelectionDropsTheWorstArchitectureOfTheSpace() throws {
    // Make a neighbour of the first root the worst cell of the space; with d = 0 and many children it is drawn.
    var probe = RandomStream(seed: 21, name: "landmarks")
    let root = space.sample(using: &probe)
    let worst = space.neighbors(of: root)[5]
    let truth = { (cell: NB201Architecture) -> Double in
      cell == worst ? -1 : landmarkTestTruth(cell)
    }
    var first = RandomStream(seed: 21, name: "landmarks")
    let faithful = try LandmarkSelection.hamming(count: 200, distance: 0).select(
      in: space, groundTruth: truth, using: &first)
    var second = RandomStream(seed: 21, name: "landmarks")
    let corrected = try LandmarkSelection.hamming(count: 25, distance: 0, variant: .corrected)
      .select(
        in: space, groundTruth: truth, using: &second)
    #expect(!faithful.contains(architecture: worst))
    #expect(faithful.count < 200)
    #expect(faithful.contains(architecture: root))
    #expect(corrected.contains(architecture: worst))  // root + all 24 neighbours
    #expect(corrected[0].architecture == worst)
  }
}

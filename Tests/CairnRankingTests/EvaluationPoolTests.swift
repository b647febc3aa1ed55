import CairnCore
import Foundation
import Testing

@testable import CairnRanking

@Suite struct EvaluationPoolTests {
  static let landmarks = [3, 14, 15, 92, 65, 35, 89, 79, 32, 38, 3]

  @Test func randomPoolAvoidsTheExclusionsAndIsReproducible() throws {
    let pool = try EvaluationPool.random(
      size: 40, populationSize: 100, excluding: Self.landmarks, seed: 5)
    #expect(pool.kind == .random)
    #expect(pool.count == 40)
    #expect(pool.requestedSize == 40)
    #expect(pool.seed == 5)
    #expect(pool.excludedCount == 10)
    #expect(pool.members == pool.members.sorted())
    #expect(Set(pool.members).count == 40)
    #expect(pool.members.allSatisfy { (0..<100).contains($0) })
    #expect(Set(pool.members).isDisjoint(with: Self.landmarks))
    #expect(
      try EvaluationPool.random(size: 40, populationSize: 100, excluding: Self.landmarks, seed: 5)
        == pool)
    #expect(
      try EvaluationPool.random(size: 40, populationSize: 100, excluding: Self.landmarks, seed: 6)
        != pool)
  }

  @Test func randomPoolCanTakeEveryCandidate() throws {
    let pool = try EvaluationPool.random(
      size: 90, populationSize: 100, excluding: Self.landmarks, seed: 1)
    #expect(pool.members == (0..<100).filter { !Self.landmarks.contains($0) })
  }

  @Test func stratifiedPoolDrawsOncePerGroundTruthStratum() throws {
    var random = RandomStream(seed: 8, name: "pool truth")
    var truth = (0..<200).map { Double($0) / 2 }
    random.shuffle(&truth)
    let pool = try EvaluationPool.stratified(
      size: 19, truth: truth, excluding: Self.landmarks, seed: 2)
    #expect(pool.kind == .stratified)
    #expect(pool.count == 19)
    #expect(pool.populationSize == 200)
    #expect(pool.excludedCount == 10)
    #expect(Set(pool.members).isDisjoint(with: Self.landmarks))
    // Candidates sorted by ground truth, cut into 19 equal-frequency strata: exactly one member in each.
    let candidates = (0..<200).filter { !Self.landmarks.contains($0) }.sorted {
      truth[$0] < truth[$1]
    }
    for stratum in 0..<19 {
      let members = candidates[(stratum * 190 / 19)..<((stratum + 1) * 190 / 19)]
      #expect(members.count { pool.members.contains($0) } == 1, "stratum \(stratum)")
    }
    // It spans the range: one member in the lowest tenth, one in the highest.
    #expect(pool.members.contains { candidates.prefix(10).contains($0) })
    #expect(pool.members.contains { candidates.suffix(10).contains($0) })
    #expect(
      try EvaluationPool.stratified(size: 19, truth: truth, excluding: Self.landmarks, seed: 2)
        == pool)
  }

  @Test func allPoolIsThePopulationMinusExclusions() throws {
    let pool = try EvaluationPool.all(populationSize: 100, excluding: Self.landmarks)
    #expect(pool.kind == .all)
    #expect(pool.count == 90)
    #expect(pool.seed == nil)
    #expect(pool.requestedSize == nil)
    #expect(pool.members == (0..<100).filter { !Self.landmarks.contains($0) })
    #expect(pool.select((0..<100).map { $0 * 2 }) == pool.members.map { $0 * 2 })
    #expect(try EvaluationPool.all(populationSize: 5).members == [0, 1, 2, 3, 4])
  }

  @Test func badRequestsThrow() {
    #expect(throws: CairnError.self) {
      try EvaluationPool.random(size: 91, populationSize: 100, excluding: Self.landmarks, seed: 1)
    }
    #expect(throws: CairnError.self) {
      try EvaluationPool.random(size: 0, populationSize: 100, seed: 1)
    }
    #expect(throws: CairnError.self) {
      try EvaluationPool.random(size: 5, populationSize: 10, excluding: [10], seed: 1)
    }
    #expect(throws: CairnError.self) {
      try EvaluationPool.stratified(size: 2, truth: [1, .nan, 3], seed: 1)
    }
    #expect(throws: CairnError.self) { try EvaluationPool.all(populationSize: 3, excluding: [-1]) }
  }

  @Test func poolsRoundTripThroughJSON() throws {
    let pool = try EvaluationPool.stratified(
      size: 4, truth: [5, 1, 4, 2, 3, 9, 8, 7], excluding: [0], seed: 12)
    let data = try JSONEncoder().encode(pool)
    #expect(try JSONDecoder().decode(EvaluationPool.self, from: data) == pool)
    let text = String(decoding: data, as: UTF8.self)
    #expect(text.contains("\"kind\":\"stratified\""))
    #expect(text.contains("\"excludedCount\":1"))
  }
}

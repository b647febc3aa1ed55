import CairnCore
import CairnSpaces
import Testing

@Suite struct NB201MutationTests {
  static let draws = 60_000

  /// Counts which edge each mutation changes, over parents that are themselves drawn at random.
  func edgeFrequencies(_ space: NB201Space, seed: UInt64) -> [Double] {
    var random = RandomStream(seed: seed, name: "mutation")
    var counts = [Int](repeating: 0, count: 6)
    var opCounts = [Int](repeating: 0, count: 5)
    for _ in 0..<Self.draws {
      let parent = space.sample(using: &random)
      let child = space.mutate(parent, using: &random)
      #expect(parent.hammingDistance(to: child) == 1)
      let edge = (0..<6).first { parent[edge: $0] != child[edge: $0] }!
      counts[edge] += 1
      opCounts[child[edge: edge].id] += 1
    }
    // The new op is uniform among the other four, so over uniform parents each op is 1/5 of the children.
    for count in opCounts { #expect(abs(Double(count) / Double(Self.draws) - 0.2) < 0.01) }
    return counts.map { Double($0) / Double(Self.draws) }
  }

  @Test func officialLawPicksANodeThenAnIncomingEdge() {
    let frequencies = edgeFrequencies(NB201Space(mutationLaw: .official), seed: 11)
    let expected = [1.0 / 3, 1.0 / 6, 1.0 / 6, 1.0 / 9, 1.0 / 9, 1.0 / 9]
    for (f, e) in zip(frequencies, expected) { #expect(abs(f - e) < 0.008, "\(frequencies)") }
  }

  @Test func uniformEdgeLawPicksEachEdgeEqually() {
    let frequencies = edgeFrequencies(NB201Space(mutationLaw: .uniformEdge), seed: 12)
    for f in frequencies { #expect(abs(f - 1.0 / 6) < 0.008, "\(frequencies)") }
  }

  @Test func samplingIsUniformPerEdge() {
    let space = NB201Space()
    var random = RandomStream(seed: 3, name: "sample")
    var counts = [[Int]](repeating: [Int](repeating: 0, count: 5), count: 6)
    for _ in 0..<50_000 {
      let cell = space.sample(using: &random)
      for edge in 0..<6 { counts[edge][cell[edge: edge].id] += 1 }
    }
    for row in counts { for c in row { #expect(abs(Double(c) / 50_000 - 0.2) < 0.01) } }
  }

  @Test func sameSeedGivesSameDraws() {
    let space = NB201Space()
    func run(_ seed: UInt64) -> [NB201Architecture] {
      var random = RandomStream(seed: seed, name: "search")
      var cell = space.sample(using: &random)
      var trail = [cell]
      for _ in 0..<50 {
        cell = space.mutate(cell, using: &random)
        trail.append(cell)
      }
      return trail
    }
    #expect(run(5) == run(5))
    #expect(run(5) != run(6))
  }

  @Test func neighborsAreTheTwentyFourSingleEdgeChanges() throws {
    let space = NB201Space()
    let cell = try space.architecture(at: 123)
    let neighbors = space.neighbors(of: cell)
    #expect(neighbors.count == 24)
    #expect(Set(neighbors).count == 24)
    #expect(!neighbors.contains(cell))
    for n in neighbors { #expect(cell.hammingDistance(to: n) == 1) }
  }

  @Test func hammingDistanceCountsDifferingEdges() throws {
    let space = NB201Space()
    let a = try NB201Architecture(opIDs: [0, 1, 2, 3, 4, 0])
    let b = try NB201Architecture(opIDs: [0, 1, 2, 3, 4, 1])
    let c = try NB201Architecture(opIDs: [1, 2, 3, 4, 0, 1])
    #expect(a.hammingDistance(to: a) == 0)
    #expect(a.hammingDistance(to: b) == 1)
    #expect(a.hammingDistance(to: c) == 6)
    #expect(b.hammingDistance(to: c) == 5)
    #expect(space.hammingDistance(a, c) == 6)
    #expect(space.encode(c) == [1, 2, 3, 4, 0, 1])
  }

  @Test func excludingDegenerateCellsFiltersEveryDraw() throws {
    let space = NB201Space(excludesDegenerate: true)
    let empty = try NB201Architecture([NB201Op](repeating: .none, count: 6))
    #expect(!space.isValid(empty))
    #expect(NB201Space().isValid(empty))
    // Only the direct edge 3<-0 can give the empty cell a path.
    #expect(
      space.neighbors(of: empty).map { $0.opIDs } == [1, 2, 3, 4].map { [0, 0, 0, $0, 0, 0] })
    var random = RandomStream(seed: 9)
    for _ in 0..<2_000 {
      #expect(space.sample(using: &random).hasPath)
      #expect(space.mutate(empty, using: &random).hasPath)
    }
    #expect(throws: CairnError.self) { try space.architecture(choices: empty.opIDs) }
  }

  @Test func encodesOneOperationDecisionPerEdge() throws {
    let space = NB201Space()
    #expect(
      space.decisions.map(\.name) == [
        "edge 1<-0", "edge 2<-0", "edge 2<-1", "edge 3<-0", "edge 3<-1", "edge 3<-2",
      ])
    #expect(space.decisions.allSatisfy { $0.size == 5 && $0.kind == .operation })
    for index in [0, 42, 15_624] {
      let cell = try space.architecture(at: index)
      #expect(try space.architecture(choices: space.choices(of: cell)) == cell)
    }
    #expect(throws: CairnError.self) { try space.architecture(choices: [0, 1, 2]) }
    #expect(throws: CairnError.self) { try space.architecture(choices: [0, 1, 2, 3, 4, 5]) }
    #expect(throws: CairnError.self) { try space.architecture(choices: [0, 1, 2, 3, -1, 4]) }
  }
}

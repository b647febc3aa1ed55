import CairnCore
import CairnSpaces
import Testing

@Suite struct DistinctSampleTests {
  /// A finite space of four architectures whose identities collapse to two (x mod 2), for the miss limit.
  struct Parity: SearchSpace {
    var name: String { "parity" }
    func isValid(_ architecture: Int) -> Bool { (0..<4).contains(architecture) }
    func sample(using random: inout RandomStream) -> Int { random.int(below: 4) }
    func mutate(_ architecture: Int, using random: inout RandomStream) -> Int { architecture }
    func neighbors(of architecture: Int) -> [Int] { [] }
    func encode(_ architecture: Int) -> [Int] { [architecture] }
    func parse(_ text: String) throws(CairnError) -> Int { Int(text) ?? 0 }
    func format(_ architecture: Int) -> String { "\(architecture)" }
    func identity(of architecture: Int) -> String { "\(architecture % 2)" }
  }

  @Test func theSameStreamGivesTheSameDistinctDrawsOfTheSpacesSampler() throws {
    let space = NB201Space()
    var a = RandomStream(seed: 11, name: "s")
    var b = RandomStream(seed: 11, name: "s")
    let first = try space.distinctSample(300, using: &a)
    #expect(try space.distinctSample(300, using: &b) == first)
    #expect(Set(first.map(space.identity)).count == 300)
    // The draws are the space's own sampler's, repeats skipped.
    var c = RandomStream(seed: 11, name: "s")
    var plain: [NB201Architecture] = []
    while plain.count < 20 {
      let drawn = space.sample(using: &c)
      if !plain.contains(drawn) { plain.append(drawn) }
    }
    #expect(Array(first.prefix(20)) == plain)
    var other = RandomStream(seed: 12, name: "s")
    #expect(try space.distinctSample(300, using: &other) != first)
  }

  @Test func nb101CellsAreDistinctByModuleHash() throws {
    let space = NB101Space()
    var random = RandomStream(seed: 3)
    let cells = try space.distinctSample(200, using: &random)
    #expect(Set(cells.compactMap(\.moduleHash)).count == 200)
  }

  @Test func moreThanAFiniteSpaceHoldsIsRefused() throws {
    var random = RandomStream(seed: 0)
    #expect(throws: CairnError.self) { try NB201Space().distinctSample(15_626, using: &random) }
    #expect(throws: CairnError.self) { try NB201Space().distinctSample(-1, using: &random) }
    let error = #expect(throws: CairnError.self) {
      try Parity().distinctSample(3, using: &random, maximumMisses: 200)
    }
    #expect(error?.description.contains("found only 2") == true, "\(String(describing: error))")
    #expect(try Parity().distinctSample(2, using: &random).count == 2)
  }
}

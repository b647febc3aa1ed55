import CairnCore
import CairnSpaces
import Testing

@Suite struct KnownArchitecturesTests {
  @Test func aFullListingBehavesLikeItsSpace() throws {
    let space = NB201Space()
    let known = try KnownArchitectures(space, architectures: try space.allArchitectures())
    var a = RandomStream(seed: 4)
    var b = RandomStream(seed: 4)
    for _ in 0..<50 {
      let drawn = known.sample(using: &a)
      #expect(drawn == space.sample(using: &b))
      #expect(known.mutate(drawn, using: &a) == space.mutate(drawn, using: &b))
    }
    #expect(try known.index(of: try space.architecture(at: 6111)) == 6111)
  }

  @Test func aSubsetStaysInsideItselfAndFindsOtherForms() throws {
    let space = NB101Space()
    var random = RandomStream(seed: 5)
    var listed: [NB101Architecture] = []
    var seen: Set<String> = []
    while listed.count < 40 {
      let cell = space.sample(using: &random).pruned()!
      if seen.insert(space.identity(of: cell)).inserted { listed.append(cell) }
    }
    var known = try KnownArchitectures(space, architectures: listed)
    known.sampling = .listed
    let drawn = (0..<400).map { _ in known.sample(using: &random) }
    #expect(Set(drawn.map(space.identity)).count > 30)
    for cell in drawn.prefix(20) {
      #expect(known.isValid(known.mutate(cell, using: &random)))
    }
    // The padded (unpruned) form of a listed cell is found and returned in its listed form.
    #expect(known.listed(listed[3].padded()) == listed[3])
    #expect(throws: CairnError.self) {
      try KnownArchitectures(space, architectures: [listed[0], listed[0]])
    }
    #expect(throws: CairnError.self) {
      try KnownArchitectures(space, architectures: listed, identities: ["too few"])
    }
  }
}

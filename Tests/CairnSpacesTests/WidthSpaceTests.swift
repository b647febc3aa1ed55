import CairnCore
import CairnSpaces
import Foundation
import Testing

@Suite struct WidthSpaceTests {
  let space = WidthSpace()
  /// The challenge's widest network: 16 for the stem and stage 1, 32 for stage 2, 64 for stage 3.
  let widestText = "16-16-16-16-16-16-16-32-32-32-32-32-32-64-64-64-64-64-64"

  @Test func decisionsFollowTheChallengeLayerRanges() {
    let sizes = space.decisionSizes
    #expect(
      sizes == [Int](repeating: 4, count: 7) + [Int](repeating: 8, count: 6)
        + [Int](repeating: 16, count: 6))
    #expect(space.decisions.allSatisfy { $0.kind == .operation })
    // 4^7 · 8^6 · 16^6 = 2^56 networks.
    let log2Count = sizes.reduce(0.0) { $0 + log2(Double($1)) }
    #expect(log2Count == 56)
    #expect(space.candidates(ofLayer: 0) == [4, 8, 12, 16])
    #expect(space.candidates(ofLayer: 13).last == 64)
    #expect(space.format(space.widest) == widestText)
  }

  @Test func textRoundTripsAndChoicesInvert() throws {
    var random = RandomStream(seed: 5)
    for _ in 0..<50 {
      let architecture = space.sample(using: &random)
      #expect(space.isValid(architecture))
      #expect(try space.parse(space.format(architecture)) == architecture)
      #expect(try space.architecture(choices: space.choices(of: architecture)) == architecture)
    }
    #expect(try space.parse(widestText) == space.widest)
    #expect(space.choices(of: space.narrowest) == [Int](repeating: 0, count: 19))
  }

  @Test(arguments: [
    ("", "field 1"),
    ("16-16", "19 widths, got 2"),
    (
      "16-16-16-16-16-16-16-32-32-32-32-32-32-64-64-64-64-64-x",
      "field 19 ('x') is not a whole number"
    ),
    ("16--16-16-16-16-16-32-32-32-32-32-32-64-64-64-64-64-64", "field 2"),
    ("16-16-16-16-16-16-16-32-32-32-32-32-32-64-64-64-64-64-64-64", "got 20"),
    (
      "16-16-16-16-16-16-16-32-32-32-32-32-32-64-64-64-64-64-0",
      "width 0 of layer 19 must be positive"
    ),
    ("16-16-16-16-16-16-16-32-32-32-32-32-32-64-64-64-64-64-+64", "field 19"),
  ])
  func malformedTextIsRefusedWithTheReason(text: String, reason: String) {
    #expect {
      _ = try space.parse(text)
    } throws: { error in
      let message = (error as? CairnError)?.description ?? ""
      return message.contains(reason) && message.contains("width architecture")
    }
  }

  @Test func widthsOutsideALayersCandidatesAreNamed() throws {
    let tooWide = try space.parse("32-16-16-16-16-16-16-32-32-32-32-32-32-64-64-64-64-64-64")
    #expect(!space.isValid(tooWide))
    #expect(space.problem(with: tooWide)?.contains("layer 1 has width 32") == true)
    let notAMultiple = try space.parse("16-16-16-16-16-16-16-32-32-32-32-32-30-64-64-64-64-64-64")
    #expect(space.problem(with: notAMultiple)?.contains("layer 13 has width 30") == true)
    #expect(throws: CairnError.self) {
      _ = try space.architecture(choices: [Int](repeating: 4, count: 19))
    }
    #expect(throws: CairnError.self) { _ = try space.architecture(choices: [0, 1]) }
  }

  @Test func samplingIsUniformPerLayer() {
    var random = RandomStream(seed: 9)
    var counts = [Int](repeating: 0, count: 16)
    let draws = 4000
    for _ in 0..<draws { counts[space.choices(of: space.sample(using: &random))[18]] += 1 }
    // Each of the 16 widths of layer 19 has probability 1/16: 250 expected, std ≈ 15.3.
    #expect(counts.allSatisfy { abs($0 - draws / 16) < 80 }, "counts \(counts)")
  }

  @Test func mutationChangesExactlyOneLayer() {
    var random = RandomStream(seed: 3)
    var architecture = space.sample(using: &random)
    for _ in 0..<200 {
      let child = space.mutate(architecture, using: &random)
      #expect(space.isValid(child))
      #expect(space.choiceDistance(architecture, child) == 1)
      architecture = child
    }
  }

  @Test func neighborsAreEveryOneLayerChange() {
    let neighbors = space.neighbors(of: space.widest)
    // (4 − 1) · 7 + (8 − 1) · 6 + (16 − 1) · 6 = 153.
    #expect(neighbors.count == 153)
    #expect(Set(neighbors).count == 153)
    #expect(
      neighbors.allSatisfy { space.isValid($0) && space.hammingDistance($0, space.widest) == 1 })
  }
}

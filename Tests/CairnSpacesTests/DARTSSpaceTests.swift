import CairnCore
import CairnSpaces
import Foundation
import Testing

@Suite struct DARTSSpaceTests {
  /// Published genotypes, as their papers' code writes them.
  static let published: [String: String] = [
    "DARTS-V1":
      "Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('skip_connect', 0), ('sep_conv_3x3', 1), ('skip_connect', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('skip_connect', 2)], normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 0), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('avg_pool_3x3', 0)], reduce_concat=[2, 3, 4, 5])",
    "DARTS-V2":
      "Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])",
    "PC-DARTS": """
    Genotype(
        normal=[('sep_conv_3x3', 1), ('skip_connect', 0), ('sep_conv_3x3', 0), ('dil_conv_3x3', 1), ('sep_conv_5x5', 0),
                ('sep_conv_3x3', 1), ('avg_pool_3x3', 0), ('dil_conv_3x3', 1)], normal_concat=range(2, 6),
        reduce=[('sep_conv_5x5', 1), ('max_pool_3x3', 0), ('sep_conv_5x5', 1), ('sep_conv_5x5', 2), ('sep_conv_3x3', 0),
                ('sep_conv_3x3', 3), ('sep_conv_3x3', 1), ('sep_conv_3x3', 2)], reduce_concat=range(2, 6))
    """,
    "P-DARTS":
      "Genotype(normal=[('skip_connect', 0), ('dil_conv_3x3', 1), ('skip_connect', 0),('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('sep_conv_3x3', 3), ('sep_conv_3x3',0), ('dil_conv_5x5', 4)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 0), ('sep_conv_5x5', 1), ('sep_conv_3x3', 0), ('dil_conv_5x5', 2), ('max_pool_3x3', 0), ('dil_conv_3x3', 1), ('dil_conv_3x3', 1), ('dil_conv_5x5', 3)], reduce_concat=range(2, 6))",
    // GDAS (Dong & Yang, CVPR 2019), as the GDAS code's lib/nas/genotypes.py writes GDAS_V1.
    "GDAS":
      "Genotype(normal=[('skip_connect', 0), ('skip_connect', 1), ('skip_connect', 0), ('sep_conv_5x5', 2), ('sep_conv_3x3', 3), ('skip_connect', 0), ('sep_conv_5x5', 4), ('sep_conv_3x3', 3)], normal_concat=range(2, 6), reduce=[('sep_conv_5x5', 0), ('sep_conv_3x3', 1), ('sep_conv_5x5', 2), ('sep_conv_5x5', 1), ('dil_conv_5x5', 2), ('sep_conv_3x3', 1), ('sep_conv_5x5', 0), ('sep_conv_5x5', 2)], reduce_concat=range(2, 6))",
  ]

  @Test func genotypesOutsideTheSpaceNameTheRule() throws {
    let space = DARTSSpace()
    let v2 = try #require(Self.published["DARTS-V2"])
    let withNone = try space.parse(
      v2.replacingOccurrences(of: "[('sep_conv_3x3', 0)", with: "[('none', 0)"))
    #expect(space.problem(with: withNone)?.contains("normal cell uses 'none'") == true)
    #expect(DARTSSpace(allowsNone: true).problem(with: withNone) == nil)
    let partialConcat = try space.parse(
      v2.replacingOccurrences(of: "reduce_concat=[2, 3, 4, 5]", with: "reduce_concat=[2, 5]"))
    #expect(
      space.problem(with: partialConcat)
        == "its reduce cell concatenates nodes [2, 5]; the DARTS space concatenates [2, 3, 4, 5]")
    #expect(space.problem(with: try space.parse(v2)) == nil)
  }

  @Test(arguments: published.keys.sorted())
  func publishedGenotypesRoundTrip(_ name: String) throws {
    let space = DARTSSpace()
    let text = try #require(Self.published[name])
    let genotype = try space.parse(text)
    #expect(try space.parse(space.format(genotype)) == genotype)
    #expect(space.isValid(genotype))
    #expect(try space.architecture(choices: space.choices(of: genotype)) == genotype)
    if !text.contains("range") && !text.contains("\n") {
      #expect(space.format(genotype) == text)  // DARTS's own printing, character for character
    }
  }

  @Test func darts2ReadsAsPublished() throws {
    let genotype = try DARTSGenotype(parsing: try #require(Self.published["DARTS-V2"]))
    #expect(genotype.normal.edges[7] == .init(op: .dilConv3x3, input: 2))
    #expect(genotype.reduce.edges.filter { $0.op == .maxPool3x3 }.count == 5)
    #expect(genotype.normal.concat == [2, 3, 4, 5])
  }

  @Test func malformedGenotypesNameTheProblem() {
    let v2 = Self.published["DARTS-V2"] ?? ""
    let cases: [(String, String)] = [
      (
        v2.replacingOccurrences(of: "dil_conv_3x3", with: "dil_conv_7x7"),
        "unknown DARTS op 'dil_conv_7x7'"
      ),
      (
        v2.replacingOccurrences(of: "('dil_conv_3x3', 2)", with: "('dil_conv_3x3', 6)"),
        "reads node 6"
      ),
      (v2.replacingOccurrences(of: ", ('dil_conv_3x3', 2)", with: ""), "exactly 2 inputs"),
      (
        v2.replacingOccurrences(
          of: "('sep_conv_3x3', 1), ('skip_connect', 0)",
          with: "('sep_conv_3x3', 0), ('skip_connect', 0)"), "twice"
      ),
      (
        v2.replacingOccurrences(of: "reduce_concat=[2, 3, 4, 5]", with: "reduce_concat=[2, 3, 9]"),
        "concatenates"
      ),
      (v2.replacingOccurrences(of: ", reduce=", with: ", reduced="), "unknown field 'reduced'"),
      ("Genotype(normal=[('sep_conv_3x3', 0)", "expected"),
      ("normal=[]", "expected 'Genotype'"),
      ("", "expected 'Genotype'"),
      (v2 + " trailing", "unexpected text"),
      ("Genotype(normal_concat=[2, 3, 4, 5])", "no 'normal' field"),
    ]
    for (text, fragment) in cases {
      do {
        _ = try DARTSGenotype(parsing: text)
        Issue.record("accepted: \(text)")
      } catch {
        #expect(error.description.contains(fragment), "\(error.description)")
      }
    }
  }

  @Test func choicesSamplingMutationAndNeighboursStayValid() throws {
    let space = DARTSSpace()
    #expect(space.decisions.count == 32)
    #expect(space.decisions.filter { $0.kind == .operation }.allSatisfy { $0.size == 8 })
    var random = RandomStream(seed: 8)
    for _ in 0..<200 {
      let genotype = space.sample(using: &random)
      #expect(space.isValid(genotype))
      #expect(try space.architecture(choices: space.choices(of: genotype)) == genotype)
      let child = space.mutate(genotype, using: &random)
      #expect(space.isValid(child))
      #expect(space.choiceDistance(genotype, child) == 1)
    }
    let genotype = space.sample(using: &random)
    let neighbors = space.neighbors(of: genotype)
    #expect(!neighbors.isEmpty && neighbors.allSatisfy { space.choiceDistance(genotype, $0) == 1 })
    #expect(!neighbors.contains { $0.normal.edges.contains { $0.op == .none } })
    // none is refused unless the space allows it; so is a node reading one node twice.
    var choices = space.choices(of: genotype)
    choices[1] = DARTSOp.none.id
    #expect(throws: CairnError.self) { try space.architecture(choices: choices) }
    #expect(
      try DARTSSpace(allowsNone: true).architecture(choices: choices).normal.edges[0].op == .none)
    choices = space.choices(of: genotype)
    choices[2] = choices[0]
    #expect(throws: CairnError.self) { try space.architecture(choices: choices) }
  }

  @Test func identityIgnoresTheOrderOfANodesTwoEdgesAndDecodingChecks() throws {
    let space = DARTSSpace()
    let a = try space.parse(Self.published["DARTS-V2"] ?? "")
    let swapped = try space.parse(
      (Self.published["DARTS-V2"] ?? "").replacingOccurrences(
        of: "[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0)",
        with: "[('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 0)"))
    #expect(a != swapped)
    #expect(space.identity(of: a) == space.identity(of: swapped))
    let json = try JSONEncoder().encode(a)
    #expect(try JSONDecoder().decode(DARTSGenotype.self, from: json) == a)
    let broken = String(decoding: json, as: UTF8.self).replacingOccurrences(
      of: "\"input\":2", with: "\"input\":7")
    #expect(throws: (any Error).self) {
      try JSONDecoder().decode(DARTSGenotype.self, from: Data(broken.utf8))
    }
  }
}

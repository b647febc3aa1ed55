import CairnCore
import Testing

@testable import CairnSpaces

/// The skip and parameter-free counts of NB201 cells and DARTS genotypes, against counts of their texts.
@Suite struct OperationCensusTests {
  @Test func nb201CountsSkipsPoolsAndZeros() throws {
    let space = NB201Space()
    let text =
      "|skip_connect~0|+|none~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|"
    let census = space.census(of: try space.parse(text))
    #expect(census == OperationCensus(skipConnections: 2, parameterFree: 4, operations: 6))
    #expect(census.description == "2 skip connections, 4 of 6 operations parameter-free")
  }

  /// Over random cells, the counts equal occurrences of the op names in the text.
  @Test func nb201CountsAgreeWithTheText() {
    let space = NB201Space()
    var random = RandomStream(seed: 3)
    for _ in 0..<200 {
      let architecture = space.sample(using: &random)
      let text = space.format(architecture)
      func occurrences(_ name: String) -> Int { text.components(separatedBy: name + "~").count - 1 }
      let census = space.census(of: architecture)
      #expect(census.skipConnections == occurrences("skip_connect"))
      #expect(
        census.parameterFree
          == occurrences("skip_connect") + occurrences("none") + occurrences("avg_pool_3x3"))
    }
  }

  @Test func dartsCountsBothCells() throws {
    let space = DARTSSpace()
    var random = RandomStream(seed: 4)
    for _ in 0..<50 {
      let genotype = space.sample(using: &random)
      let ops = (genotype.normal.edges + genotype.reduce.edges).map(\.op.rawValue)
      let census = space.census(of: genotype)
      #expect(census.operations == 16)
      #expect(census.skipConnections == ops.filter { $0 == "skip_connect" }.count)
      #expect(
        census.parameterFree
          == ops.filter { $0.hasSuffix("pool_3x3") || $0 == "skip_connect" || $0 == "none" }.count)
    }
  }

  @Test func decisionsNameTheirOptions() {
    let edge = NB201Space().decisions[0]
    #expect(edge.optionName(1) == "skip_connect")
    #expect(edge.optionName(7) == "option 7")
    #expect(DARTSSpace().decisions[0].optionName(1) == "node 1")
  }
}

import CairnCore
import CairnSpaces
import Testing

@Suite struct NB201IndexTests {
  let space = NB201Space()

  @Test func indexAndArchitectureAreInverse() throws {
    let all = try space.allArchitectures()
    #expect(all.count == 15_625)
    #expect(Set(all).count == 15_625)
    for (index, cell) in all.enumerated() {
      #expect(try space.index(of: cell) == index)
    }
    for index in stride(from: 0, to: 15_625, by: 97) {
      #expect(try space.architecture(at: index) == all[index])
    }
  }

  @Test func knownIndices() throws {
    #expect(
      try space.architecture(at: 0).archString
        == "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|"
    )
    let allConv3x3 = try NB201Architecture([NB201Op](repeating: .conv3x3, count: 6))
    #expect(try space.index(of: allConv3x3) == 1462)
  }

  @Test(arguments: [-1, 15_625, Int.min])
  func rejectsIndicesOutOfRange(index: Int) {
    #expect(
      throws: CairnError.invalidInput("NB201 architecture index \(index) is out of range 0...15624")
    ) {
      try space.architecture(at: index)
    }
  }

  @Test(.enabled(if: TestData.nb201Table != nil, "nb201_table.csv not found"))
  func agreesWithEveryRowOfTheBenchmarkTable() throws {
    let rows = try TestData.rows(TestData.nb201Table!, columns: 8)
    let header = rows[0]
    #expect(
      Array(header.prefix(8)) == [
        "index", "arch_str", "op_1_0", "op_2_0", "op_2_1", "op_3_0", "op_3_1", "op_3_2",
      ])
    #expect(rows.count == 15_626)
    for row in rows.dropFirst() {
      let index = try #require(Int(row[0]))
      let cell = try space.architecture(at: index)
      #expect(cell.archString == row[1], "index \(index)")
      #expect(cell.ops.map(\.rawValue) == Array(row[2..<8]), "index \(index)")
      #expect(try space.index(of: space.parse(row[1])) == index)
    }
  }
}

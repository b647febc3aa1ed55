import CairnCore
import CairnSpaces
import Testing

@Suite struct NB201IsomorphismTests {
  func cell(_ text: String) throws -> NB201Architecture { try NB201Architecture(parsing: text) }

  @Test func detectsCellsWithoutAPath() throws {
    let all = (0..<15_625).map { try! NB201Architecture(code: $0) }
    let degenerate = all.filter(\.isDegenerate)
    #expect(degenerate.count == 341)
    #expect(
      Set(degenerate.map(\.isomorphismKey)) == ["|none~0|+|none~0|none~1|+|none~0|none~1|none~2|"])
    #expect(try !cell("|nor_conv_3x3~0|+|none~0|none~1|+|none~0|none~1|none~2|").hasPath)
    #expect(
      try cell("|nor_conv_3x3~0|+|none~0|skip_connect~1|+|none~0|none~1|avg_pool_3x3~2|").hasPath)
  }

  @Test func prunesEdgesOffEveryPath() throws {
    // Node 1 has no active input, so 2<-1 and 3<-1 carry nothing; node 2 does not reach the output.
    let a = try cell(
      "|none~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_1x1~1|none~2|")
    #expect(a.edgesOnPath == [false, false, false, true, false, false])
    #expect(a.pruned() == (try cell("|none~0|+|none~0|none~1|+|skip_connect~0|none~1|none~2|")))
  }

  static let isomorphicPairs: [(String, String)] = [
    // Nodes 1 and 2 swapped, no edge between them.
    (
      "|nor_conv_3x3~0|+|avg_pool_3x3~0|none~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|",
      "|avg_pool_3x3~0|+|nor_conv_3x3~0|none~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|"
    ),
    // Differ only on an edge out of a node that nothing reaches.
    (
      "|none~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|",
      "|none~0|+|nor_conv_3x3~0|skip_connect~1|+|skip_connect~0|none~1|nor_conv_3x3~2|"
    ),
    // Differ only on an edge into a node that reaches nothing.
    (
      "|nor_conv_1x1~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_1x1~1|none~2|",
      "|nor_conv_1x1~0|+|skip_connect~0|none~1|+|skip_connect~0|nor_conv_1x1~1|none~2|"
    ),
    // Swap allowed once the edge between 1 and 2 is pruned (node 2 reaches nothing in either).
    (
      "|nor_conv_3x3~0|+|none~0|avg_pool_3x3~1|+|none~0|nor_conv_3x3~1|none~2|",
      "|none~0|+|nor_conv_3x3~0|none~1|+|none~0|none~1|nor_conv_3x3~2|"
    ),
  ]

  @Test(arguments: isomorphicPairs)
  func isomorphicCellsShareAKey(a: String, b: String) throws {
    #expect(try cell(a) != cell(b))
    #expect(try cell(a).isomorphismKey == cell(b).isomorphismKey)
    #expect(try cell(a).isIsomorphic(to: cell(b)))
  }

  @Test func nodesJoinedByAnEdgeAreNotSwapped() throws {
    let a = try cell(
      "|nor_conv_3x3~0|+|avg_pool_3x3~0|skip_connect~1|+|none~0|nor_conv_1x1~1|nor_conv_3x3~2|")
    let b = try cell(
      "|avg_pool_3x3~0|+|nor_conv_3x3~0|skip_connect~1|+|none~0|nor_conv_3x3~1|nor_conv_1x1~2|")
    #expect(a.swappingIntermediateNodes() == nil)
    #expect(!a.isIsomorphic(to: b))
  }

  @Test func countsIsomorphismClasses() throws {
    let all = try NB201Space().allArchitectures()
    var classes = Set<NB201Architecture>()
    var unswapped = Set<NB201Architecture>()
    for cell in all {
      let canonical = cell.canonicalForm()
      if let swapped = cell.pruned().swappingIntermediateNodes() {
        #expect(swapped.canonicalForm() == canonical)
      }
      classes.insert(canonical)
      unswapped.insert(cell.pruned())
    }
    #expect(classes.count == 8_765)
    #expect(Set(classes.map(\.isomorphismKey)).count == 8_765)
    #expect(classes.allSatisfy { $0.canonicalForm() == $0 })
    #expect(unswapped.count == 9_445)
    #expect(Set(all.map(\.natsUniqueString)).count == 6_466)
  }

  @Test func natsUniqueStringOfIndexZero() throws {
    let first = try NB201Space().architecture(at: 0)
    #expect(
      first.natsUniqueString
        == "(0)@avg_pool_3x3+(0)@avg_pool_3x3+(0)@nor_conv_1x1+(0)@nor_conv_1x1")
  }

  @Test(.enabled(if: TestData.natsTable != nil, "nats_bench_tss_200ep_v-tao.csv not found"))
  func natsUniqueStringsAgreeWithTheBenchmark() throws {
    let rows = try TestData.rows(TestData.natsTable!, columns: 5)
    #expect(rows[0].suffix(2) == ["ArchitectureString", "UniqueString"])
    #expect(rows.count == 15_626)
    for row in rows.dropFirst() {
      let cell = try NB201Architecture(parsing: row[3])
      #expect(cell.natsUniqueString == row[4], "\(cell)")
    }
  }
}

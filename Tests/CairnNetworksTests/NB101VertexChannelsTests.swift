import CairnSpaces
import Testing

@testable import CairnNetworks

/// A cell from its edges (from, to) on `ops.count + 2` vertices.
func nb101Cell(_ edges: [(Int, Int)], ops: [NB101Op]) throws -> NB101Architecture {
  let n = ops.count + 2
  var matrix = [[Int]](repeating: [Int](repeating: 0, count: n), count: n)
  for (from, to) in edges { matrix[from][to] = 1 }
  return try NB101Architecture(matrix: matrix, ops: [.input] + ops + [.output])
}

@Suite struct NB101VertexChannelsTests {
  func channels(_ edges: [(Int, Int)], interior: Int, output: Int) throws -> [Int] {
    let cell = try nb101Cell(edges, ops: [NB101Op](repeating: .conv3x3, count: interior))
    return NB101VertexChannels(cell: cell, inputChannels: 16, outputChannels: output).channels
  }

  @Test func inputToOutputOnly() throws {
    #expect(try channels([(0, 1)], interior: 0, output: 32) == [16, 32])
    let cell = try nb101Cell([(0, 1)], ops: [])
    #expect(NB101VertexChannels.outputInDegree(of: cell) == 0)
  }

  @Test func aChainKeepsTheOutputWidth() throws {
    #expect(try channels([(0, 1), (1, 2), (2, 3)], interior: 2, output: 10) == [16, 10, 10, 10])
  }

  /// 10 = 4 + 3 + 3: the remainder goes to the lowest-numbered vertex.
  @Test func theOutputIsSplitWithTheRemainderFirst() throws {
    let edges = [(0, 1), (0, 2), (0, 3), (1, 4), (2, 4), (3, 4)]
    #expect(try channels(edges, interior: 3, output: 10) == [16, 4, 3, 3, 10])
  }

  /// All five interior vertices feed the output: 12 = 3 + 3 + 2 + 2 + 2.
  @Test func fiveVerticesFeedingTheOutput() throws {
    let edges = (1...5).flatMap { [(0, $0), ($0, 6)] }
    #expect(try channels(edges, interior: 5, output: 12) == [16, 3, 3, 2, 2, 2, 12])
  }

  /// Vertex 1 feeds vertex 2 and the output: 9 = 5 + 4, and 1 → 2 truncates 5 to 4.
  @Test func aVertexFeedingAnotherAndTheOutput() throws {
    #expect(
      try channels([(0, 1), (1, 2), (1, 3), (2, 3)], interior: 2, output: 9) == [16, 5, 4, 9])
  }

  /// Vertex 1 feeds only vertices 2 (4 channels) and 3 (3 channels), so it takes the larger, 4.
  @Test func anInnerVertexTakesTheLargestSuccessor() throws {
    let edges = [(0, 1), (1, 2), (1, 3), (2, 4), (3, 4)]
    #expect(try channels(edges, interior: 3, output: 7) == [16, 4, 4, 3, 7])
  }

  /// 11 = 6 + 5 over vertices 2 and 4; going backwards, 3 takes 4's 5, then 1 takes max(6, 5).
  @Test func widthsPropagateBackwardsThroughSeveralVertices() throws {
    let edges = [(0, 1), (1, 2), (1, 3), (2, 5), (3, 4), (4, 5), (0, 5)]
    #expect(try channels(edges, interior: 4, output: 11) == [16, 6, 6, 5, 5, 11])
  }

  /// The input→output edge does not count in the split.
  @Test func theInputToOutputEdgeDoesNotCount() throws {
    #expect(try channels([(0, 1), (1, 2), (0, 2)], interior: 1, output: 8) == [16, 8, 8])
    let cell = try nb101Cell([(0, 1), (1, 2), (0, 2)], ops: [.maxPool3x3])
    #expect(NB101VertexChannels.outputInDegree(of: cell) == 1)
  }
}

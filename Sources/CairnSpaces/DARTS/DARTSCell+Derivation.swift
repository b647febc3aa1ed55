import CairnCore

extension DARTSCell {
  /// The cell DARTS derives from the operation weights of its 14 possible edges (`weights[e][k]`: edge e in
  /// node-by-node order, inputs ascending, as `DARTSCellLayout.edgeIndex` numbers them; op k in `DARTSOp` order,
  /// `none` first), as the DARTS code's `genotype()` parses them: each node keeps the two incoming edges whose
  /// strongest op other than `none` weighs most (ties to the lower input), each with that op; every node is
  /// concatenated. Nil when the rows are not 14 of 8 values.
  public static func derived(fromEdgeWeights weights: [[Double]]) -> DARTSCell? {
    let opCount = DARTSOp.allCases.count
    guard weights.count == 14, weights.allSatisfy({ $0.count == opCount }) else { return nil }
    var edges: [Edge] = []
    var start = 0
    for node in 0..<nodeCount {
      let inputs = node + 2
      let best = (0..<inputs).map { input -> (op: Int, weight: Double) in
        let row = weights[start + input]
        let op = (1..<opCount).max { row[$0] < row[$1] || (row[$0] == row[$1] && $0 > $1) } ?? 1
        return (op, row[op])
      }
      let kept = (0..<inputs).sorted {
        best[$0].weight > best[$1].weight || (best[$0].weight == best[$1].weight && $0 < $1)
      }
      .prefix(2)
      for input in kept { edges.append(Edge(op: DARTSOp.allCases[best[input].op], input: input)) }
      start += inputs
    }
    return try? DARTSCell(edges: edges)
  }
}

extension NB101Architecture {
  /// For each vertex, whether the input reaches it along edges.
  public var reachableFromInput: [Bool] {
    var reached = [Bool](repeating: false, count: vertexCount)
    reached[0] = true
    for from in 0..<vertexCount where reached[from] {
      for to in (from + 1)..<vertexCount where hasEdge(from: from, to: to) { reached[to] = true }
    }
    return reached
  }

  /// For each vertex, whether it reaches the output along edges.
  public var reachesOutput: [Bool] {
    var reaches = [Bool](repeating: false, count: vertexCount)
    reaches[vertexCount - 1] = true
    for from in stride(from: vertexCount - 2, through: 0, by: -1) {
      reaches[from] = ((from + 1)..<vertexCount).contains {
        hasEdge(from: from, to: $0) && reaches[$0]
      }
    }
    return reaches
  }

  /// Whether some path leads from the input to the output.
  public var hasPath: Bool { reachableFromInput[vertexCount - 1] }

  /// The cell without the vertices that lie on no input→output path, as the benchmark's model spec prunes it,
  /// or nil when the input does not reach the output. Every edge between kept vertices lies on such a path.
  public func pruned() -> NB101Architecture? {
    let reached = reachableFromInput
    let reaches = reachesOutput
    let kept = (0..<vertexCount).filter { reached[$0] && reaches[$0] }
    guard kept.count >= 2 else { return nil }
    if kept.count == vertexCount { return self }
    var adjacency: [Bool] = []
    adjacency.reserveCapacity(kept.count * kept.count)
    for from in kept {
      for to in kept { adjacency.append(hasEdge(from: from, to: to)) }
    }
    return NB101Architecture(unchecked: kept.count, adjacency: adjacency, ops: kept.map { ops[$0] })
  }

  /// This cell with isolated interior vertices inserted before the output until it has `vertexCount` vertices.
  ///
  /// The new vertices carry `filler` and no edges, so pruning removes them and the module hash is unchanged.
  public func padded(to count: Int = maxVertexCount, filler: NB101Op = .conv3x3)
    -> NB101Architecture
  {
    precondition(filler.isInterior, "padding vertices need an interior op")
    precondition(
      count >= vertexCount && count <= Self.maxVertexCount,
      "cannot pad \(vertexCount) vertices to \(count)")
    guard count > vertexCount else { return self }
    let n = vertexCount
    // Old vertex v keeps its number except the output, which moves to count - 1.
    func position(_ v: Int) -> Int { v == n - 1 ? count - 1 : v }
    var adjacency = [Bool](repeating: false, count: count * count)
    for from in 0..<n {
      for to in 0..<n where hasEdge(from: from, to: to) {
        adjacency[position(from) * count + position(to)] = true
      }
    }
    let newOps = Array(ops.dropLast()) + [NB101Op](repeating: filler, count: count - n) + [.output]
    return NB101Architecture(unchecked: count, adjacency: adjacency, ops: newOps)
  }
}

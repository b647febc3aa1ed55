extension NB201Architecture {
  /// For each node, whether data from the input reaches it through edges other than `none`.
  public var reachableFromInput: [Bool] {
    var reached = [true, false, false, false]
    for (edge, ends) in Self.edgeEndpoints.enumerated()
    where self[edge: edge].isActive && reached[ends.from] {
      reached[ends.to] = true
    }
    return reached
  }

  /// For each node, whether it reaches the output through edges other than `none`.
  public var reachesOutput: [Bool] {
    var reaches = [false, false, false, true]
    for (edge, ends) in Self.edgeEndpoints.enumerated().reversed()
    where self[edge: edge].isActive && reaches[ends.to] {
      reaches[ends.from] = true
    }
    return reaches
  }

  /// Whether some input→output path avoids `none` edges. Without one the cell's output is identically zero.
  public var hasPath: Bool { reachableFromInput[Self.nodeCount - 1] }

  /// Whether the cell has no input→output path (341 of the 15,625 cells).
  public var isDegenerate: Bool { !hasPath }

  /// For each edge, whether it lies on an input→output path: its op is not `none`, its source is reachable
  /// from the input and its target reaches the output.
  public var edgesOnPath: [Bool] {
    let reached = reachableFromInput
    let reaches = reachesOutput
    return Self.edgeEndpoints.enumerated().map { edge, ends in
      self[edge: edge].isActive && reached[ends.from] && reaches[ends.to]
    }
  }

  /// This cell with `none` on every edge that lies on no input→output path. A degenerate cell prunes to all `none`.
  public func pruned() -> NB201Architecture {
    var ops = self.ops
    for (edge, onPath) in edgesOnPath.enumerated() where !onPath { ops[edge] = .none }
    return NB201Architecture(uncheckedOps: ops)
  }

  /// This cell with intermediate nodes 1 and 2 renamed into each other, or nil when an edge joins them
  /// (then the renaming would not keep edges running from lower to higher nodes).
  public func swappingIntermediateNodes() -> NB201Architecture? {
    guard self[edge: 2] == .none else { return nil }
    let o = ops
    return NB201Architecture(uncheckedOps: [o[1], o[0], .none, o[3], o[5], o[4]])
  }

  /// The representative of this cell's isomorphism class: the pruned cell, or the pruned cell with nodes 1 and 2
  /// swapped when that is a graph isomorphism, whichever has the smaller `code`.
  public func canonicalForm() -> NB201Architecture {
    let cell = pruned()
    guard let swapped = cell.swappingIntermediateNodes() else { return cell }
    return min(cell, swapped)
  }

  /// The official string of `canonicalForm()`: equal for two cells exactly when their computation graphs are
  /// isomorphic once edges off every input→output path are dropped.
  ///
  /// What it identifies: cells whose graphs of active (non-`none`) edges lying on input→output paths are equal
  /// up to renaming the intermediate nodes 1 and 2, with ops as edge labels and input and output fixed. Since the
  /// nodes are numbered topologically, the swap of 1 and 2 is the only candidate renaming, and it is an
  /// isomorphism exactly when no edge joins them. Dropping off-path edges treats a node with no active input as
  /// zero and any op of zero as zero (exact for skip and pooling; for the convolutions it ignores the learned
  /// batch-norm shift). All 341 degenerate cells share one key, that of the all-`none` cell.
  ///
  /// Over the 15,625 cells there are 8,765 keys (9,445 without the node swap). NATS-Bench counts 6,466 unique
  /// topologies with a different key, `natsUniqueString`, which is neither finer nor coarser: it rewrites the
  /// cell as an expression, so `skip_connect` becomes the identity and sums are flattened (merging graphs that
  /// are not isomorphic, such as a conv reached through a skip edge and the same conv from the input), yet it
  /// keeps a `#` placeholder for each zero summand and only recognises a node as zero when it has one input,
  /// so it separates some cells whose pruned graphs are equal.
  public var isomorphismKey: String { canonicalForm().archString }

  /// Whether this cell and `other` have the same `isomorphismKey`.
  public func isIsomorphic(to other: NB201Architecture) -> Bool {
    canonicalForm() == other.canonicalForm()
  }

  /// The NATS-Bench unique-topology string of this cell (`get_unique_str`, the benchmark's
  /// `to_unique_str(consider_zero=True)`), reproduced exactly; 6,466 distinct values over the space.
  ///
  /// Each node becomes the sorted, `+`-joined list of its incoming terms: `#` for a `none` edge or an edge from
  /// a node whose string is `#`, the source's string for `skip_connect`, and `(source)@op` otherwise; node 0 is `0`.
  public var natsUniqueString: String {
    var nodes = ["0"]
    var edge = 0
    for target in 1..<Self.nodeCount {
      var terms: [String] = []
      for source in 0..<target {
        let op = self[edge: edge]
        edge += 1
        if op == .none || nodes[source] == "#" {
          terms.append("#")
        } else if op == .skipConnect {
          terms.append(nodes[source])
        } else {
          terms.append("(\(nodes[source]))@\(op.rawValue)")
        }
      }
      nodes.append(terms.sorted(by: Self.pythonOrder).joined(separator: "+"))
    }
    return nodes[Self.nodeCount - 1]
  }

  /// String order by Unicode code points, as Python's `sorted` uses (the strings here are ASCII).
  static func pythonOrder(_ a: String, _ b: String) -> Bool {
    a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
  }
}

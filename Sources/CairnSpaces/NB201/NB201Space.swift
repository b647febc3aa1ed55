import CairnCore

/// The NAS-Bench-201 (NATS-Bench topology) search space: 15,625 cells of six edges over five ops.
///
/// Every cell is a valid string and is listed by the benchmark, so by default every cell is valid. With
/// `excludesDegenerate` the cells with no input→output path (341 of them, whose output is identically zero) are
/// invalid, and `sample`, `mutate` and `neighbors` avoid them; the official index still covers all 15,625.
public struct NB201Space: FiniteSearchSpace, ChoiceEncoding, Hashable, Codable {
  public typealias Architecture = NB201Architecture

  /// How `mutate` chooses the edge to change.
  public var mutationLaw: NB201MutationLaw
  /// Whether cells with no input→output path are invalid.
  public var excludesDegenerate: Bool

  /// Creates the space with a mutation law (the benchmark's by default) and a validity rule.
  public init(mutationLaw: NB201MutationLaw = .official, excludesDegenerate: Bool = false) {
    self.mutationLaw = mutationLaw
    self.excludesDegenerate = excludesDegenerate
  }

  public var name: String { "nb201" }

  public var count: Int { NB201Architecture.cellCount }

  /// One operation decision per edge in canonical order, each over the five ops in op-id order.
  public var decisions: [Decision] { Self.edgeDecisions }

  static let edgeDecisions = NB201Architecture.edgeEndpoints.map {
    Decision(
      size: NB201Op.count, kind: .operation, name: "edge \($0.to)<-\($0.from)",
      options: NB201Op.byID.map(\.rawValue))
  }

  public func isValid(_ architecture: NB201Architecture) -> Bool {
    !excludesDegenerate || architecture.hasPath
  }

  /// A valid cell with each edge's op drawn uniformly (six draws, as the benchmark's random search does),
  /// which is uniform over the valid cells.
  public func sample(using random: inout RandomStream) -> NB201Architecture {
    while true {
      var ops: [NB201Op] = []
      for _ in 0..<NB201Architecture.edgeCount {
        ops.append(NB201Op.byID[random.int(below: NB201Op.count)])
      }
      let cell = NB201Architecture(uncheckedOps: ops)
      if isValid(cell) { return cell }
    }
  }

  /// A valid cell drawn by the space's `mutationLaw`, redrawn from `architecture` until valid.
  public func mutate(_ architecture: NB201Architecture, using random: inout RandomStream)
    -> NB201Architecture
  {
    mutate(architecture, law: mutationLaw, using: &random)
  }

  /// A valid cell differing from `architecture` on exactly one edge, chosen by `law`, with a different op drawn
  /// uniformly among the other four; redrawn from `architecture` until valid.
  public func mutate(
    _ architecture: NB201Architecture, law: NB201MutationLaw, using random: inout RandomStream
  ) -> NB201Architecture {
    while true {
      let edge: Int
      switch law {
      case .official:
        let target = 1 + random.int(below: NB201Architecture.nodeCount - 1)
        let source = random.int(below: target)
        edge = NB201Architecture.edge(from: source, to: target)!
      case .uniformEdge:
        edge = random.int(below: NB201Architecture.edgeCount)
      }
      let current = architecture[edge: edge].id
      var id = random.int(below: NB201Op.count - 1)
      if id >= current { id += 1 }
      let child = architecture.replacing(edge: edge, with: NB201Op.byID[id])
      if isValid(child) { return child }
    }
  }

  /// The valid cells among the 24 that differ from `architecture` on exactly one edge, edge by edge in
  /// canonical order and op id order within an edge.
  public func neighbors(of architecture: NB201Architecture) -> [NB201Architecture] {
    var result: [NB201Architecture] = []
    result.reserveCapacity(NB201Architecture.edgeCount * (NB201Op.count - 1))
    for edge in 0..<NB201Architecture.edgeCount {
      for op in NB201Op.allCases where op != architecture[edge: edge] {
        let neighbor = architecture.replacing(edge: edge, with: op)
        if isValid(neighbor) { result.append(neighbor) }
      }
    }
    return result
  }

  /// The six op ids in canonical edge order.
  public func encode(_ architecture: NB201Architecture) -> [Int] { architecture.opIDs }

  public func parse(_ text: String) throws(CairnError) -> NB201Architecture {
    try NB201Architecture(parsing: text)
  }

  public func format(_ architecture: NB201Architecture) -> String { architecture.archString }

  /// The cell at official benchmark index `index`; throws naming the index when it is outside 0..<15625.
  public func architecture(at index: Int) throws(CairnError) -> NB201Architecture {
    guard (0..<count).contains(index) else {
      throw CairnError.invalidInput(
        "NB201 architecture index \(index) is out of range 0...\(count - 1)")
    }
    return NB201Architecture(uncheckedCode: Int(try NB201IndexTable.load().codes[index]))
  }

  /// The official benchmark index of `architecture`.
  public func index(of architecture: NB201Architecture) throws(CairnError) -> Int {
    Int(try NB201IndexTable.load().indices[architecture.code])
  }

  /// All 15,625 cells in official index order.
  public func allArchitectures() throws(CairnError) -> [NB201Architecture] {
    try NB201IndexTable.load().codes.map { NB201Architecture(uncheckedCode: Int($0)) }
  }

  /// A cell drawn uniformly by official index (one draw), ignoring validity.
  public func sampleIndex(using random: inout RandomStream) -> Int {
    random.int(below: count)
  }

  /// The op id chosen on each edge, in canonical order.
  public func choices(of architecture: NB201Architecture) -> [Int] { architecture.opIDs }

  /// The cell with the given op id on each edge; throws when the ids are malformed or the cell is invalid.
  public func architecture(choices: [Int]) throws(CairnError) -> NB201Architecture {
    try checkChoices(choices)
    let cell = try NB201Architecture(opIDs: choices)
    guard isValid(cell) else {
      throw CairnError.invalidInput(
        "NB201 cell '\(cell.archString)' has no path from input to output")
    }
    return cell
  }
}

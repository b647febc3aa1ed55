import CairnCore

/// The NAS-Bench-101 search space: cells of at most 7 vertices and, after pruning, at most 9 edges.
///
/// Sampling and mutation follow the benchmark's reference search code on 7-vertex cells (smaller cells are first
/// `padded()` with isolated vertices, which pruning removes). Cells are compared as the benchmark does through
/// `NB101Architecture.moduleHash`.
public struct NB101Space: ChoiceEncoding, Hashable, Codable {
  public typealias Architecture = NB101Architecture

  /// The number of vertices cells are sampled and mutated with.
  public static let vertexCount = NB101Architecture.maxVertexCount
  /// The number of interior vertices whose op can change.
  public static let opSpots = vertexCount - 2
  /// The number of upper-triangle edge positions, 21.
  public static let edgeSpots = vertexCount * (vertexCount - 1) / 2

  /// The expected number of edge flips and of op changes per mutation attempt (the benchmark uses 1).
  public var mutationRate: Double

  /// Creates the space with a mutation rate (the benchmark's 1 by default).
  public init(mutationRate: Double = 1) {
    self.mutationRate = mutationRate
  }

  public var name: String { "nb101" }

  /// Whether the input reaches the output and the pruned cell has at most 9 edges (the benchmark's `is_valid`).
  public func isValid(_ architecture: NB101Architecture) -> Bool {
    guard let cell = architecture.pruned() else { return false }
    return cell.edgeCount <= NB101Architecture.maxEdgeCount
  }

  /// A valid 7-vertex cell: each upper-triangle edge present with probability 1/2 and each interior op uniform,
  /// redrawn until valid (the benchmark's `random_spec`).
  public func sample(using random: inout RandomStream) -> NB101Architecture {
    let n = Self.vertexCount
    while true {
      var adjacency = [Bool](repeating: false, count: n * n)
      for from in 0..<(n - 1) {
        for to in (from + 1)..<n { adjacency[from * n + to] = random.bool() }
      }
      var ops: [NB101Op] = [.input]
      for _ in 0..<Self.opSpots { ops.append(random.element(of: NB101Op.interiorOps)) }
      ops.append(.output)
      let cell = NB101Architecture(unchecked: n, adjacency: adjacency, ops: ops)
      if isValid(cell) { return cell }
    }
  }

  /// A valid cell drawn by the benchmark's `mutate_spec` law: `proposeMutation` repeated from `architecture`
  /// until the proposal is valid. As in the benchmark, the result can equal the parent.
  public func mutate(_ architecture: NB101Architecture, using random: inout RandomStream)
    -> NB101Architecture
  {
    let parent = architecture.padded()
    while true {
      let child = proposeMutation(of: parent, using: &random)
      if isValid(child) { return child }
    }
  }

  /// One attempt of the benchmark's mutation on the 7-vertex form of `architecture`, possibly invalid: every
  /// upper-triangle edge flips with probability `mutationRate / 7`, then each interior op is replaced with
  /// probability `mutationRate / 5` by one of the other two uniformly.
  public func proposeMutation(
    of architecture: NB101Architecture, using random: inout RandomStream
  ) -> NB101Architecture {
    let parent = architecture.padded()
    let n = Self.vertexCount
    let edgeProbability = mutationRate / Double(n)
    let opProbability = mutationRate / Double(Self.opSpots)
    var adjacency = parent.adjacency
    for from in 0..<(n - 1) {
      for to in (from + 1)..<n where random.uniform() < edgeProbability {
        adjacency[from * n + to].toggle()
      }
    }
    var ops = parent.ops
    for vertex in 1..<(n - 1) where random.uniform() < opProbability {
      let others = NB101Op.interiorOps.filter { $0 != ops[vertex] }
      ops[vertex] = random.element(of: others)
    }
    return NB101Architecture(unchecked: n, adjacency: adjacency, ops: ops)
  }

  /// The valid cells one change away from the 7-vertex form of `architecture`: the 21 single edge flips in
  /// row-major order, then for each interior vertex the two other ops in id order. Distinct cells here can share
  /// a module hash.
  public func neighbors(of architecture: NB101Architecture) -> [NB101Architecture] {
    let cell = architecture.padded()
    let n = Self.vertexCount
    var result: [NB101Architecture] = []
    for from in 0..<(n - 1) {
      for to in (from + 1)..<n {
        var adjacency = cell.adjacency
        adjacency[from * n + to].toggle()
        let neighbor = NB101Architecture(unchecked: n, adjacency: adjacency, ops: cell.ops)
        if isValid(neighbor) { result.append(neighbor) }
      }
    }
    for vertex in 1..<(n - 1) {
      for op in NB101Op.interiorOps where op != cell.ops[vertex] {
        var ops = cell.ops
        ops[vertex] = op
        let neighbor = NB101Architecture(unchecked: n, adjacency: cell.adjacency, ops: ops)
        if isValid(neighbor) { result.append(neighbor) }
      }
    }
    return result
  }

  /// The 21 upper-triangle edge bits of the 7-vertex form in row-major order, then the 5 interior op ids.
  public func encode(_ architecture: NB101Architecture) -> [Int] {
    let cell = architecture.padded()
    let n = Self.vertexCount
    var code: [Int] = []
    code.reserveCapacity(Self.edgeSpots + Self.opSpots)
    for from in 0..<(n - 1) {
      for to in (from + 1)..<n { code.append(cell.hasEdge(from: from, to: to) ? 1 : 0) }
    }
    for vertex in 1..<(n - 1) { code.append(cell.ops[vertex].label) }
    return code
  }

  /// Reads the form `bits:ops` (see `NB101Architecture.init(parsing:)`).
  public func parse(_ text: String) throws(CairnError) -> NB101Architecture {
    try NB101Architecture(parsing: text)
  }

  /// Writes the form `bits:ops`.
  public func format(_ architecture: NB101Architecture) -> String { architecture.description }

  /// The module hash (the text form for a cell without an input→output path).
  public func identity(of architecture: NB101Architecture) -> String {
    architecture.moduleHash ?? architecture.description
  }

  /// The 21 upper-triangle edges of the 7-vertex form in row-major order (connection decisions of size 2), then
  /// the op of each of the 5 interior vertices (operation decisions over conv3x3, conv1x1, maxpool3x3).
  public var decisions: [Decision] { Self.cellDecisions }

  static let cellDecisions: [Decision] = {
    let n = vertexCount
    var decisions: [Decision] = []
    for from in 0..<(n - 1) {
      for to in (from + 1)..<n {
        decisions.append(Decision(size: 2, kind: .connection, name: "edge \(from)->\(to)"))
      }
    }
    for vertex in 1..<(n - 1) {
      decisions.append(
        Decision(size: NB101Op.interiorOps.count, kind: .operation, name: "vertex \(vertex)"))
    }
    return decisions
  }()

  /// The choices of the 7-vertex form of `architecture` (the same list as `encode`).
  public func choices(of architecture: NB101Architecture) -> [Int] { encode(architecture) }

  /// The 7-vertex cell (not pruned) with the given edges and interior ops; throws when the choices are
  /// malformed or the cell is invalid (no input→output path, or more than 9 edges after pruning).
  public func architecture(choices: [Int]) throws(CairnError) -> NB101Architecture {
    try checkChoices(choices)
    let n = Self.vertexCount
    var adjacency = [Bool](repeating: false, count: n * n)
    var position = 0
    for from in 0..<(n - 1) {
      for to in (from + 1)..<n {
        adjacency[from * n + to] = choices[position] == 1
        position += 1
      }
    }
    let ops = [NB101Op.input] + choices[position...].map { NB101Op.interiorOps[$0] } + [.output]
    let cell = NB101Architecture(unchecked: n, adjacency: adjacency, ops: ops)
    guard isValid(cell) else {
      throw .invalidInput(
        "NB101 cell '\(cell)' is not valid: it needs an input->output path and at most \(NB101Architecture.maxEdgeCount) edges after pruning"
      )
    }
    return cell
  }
}

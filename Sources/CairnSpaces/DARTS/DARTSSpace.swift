import CairnCore

/// The DARTS (NDS) cell search space: a normal and a reduction cell, each with 4 intermediate nodes that sum two
/// ops over two distinct earlier nodes, and concatenate nodes 2...5.
///
/// Choice encoding, normal cell then reduction cell, node by node: the first input (a connection decision over the
/// node's k + 2 possible inputs), its op (an operation decision over the 8 ops in `PRIMITIVES` order), the second
/// input and its op: 16 decisions per cell. By default the `none` op is not part of the space (DARTS never derives
/// it, and NDS does not sample it); `allowsNone` admits it.
public struct DARTSSpace: ChoiceEncoding, Hashable, Codable {
  public typealias Architecture = DARTSGenotype

  /// Whether `none` may be chosen on an edge.
  public var allowsNone: Bool

  public init(allowsNone: Bool = false) { self.allowsNone = allowsNone }

  public var name: String { "darts" }

  /// The ops `sample` draws from.
  var candidateOps: [DARTSOp] { DARTSOp.allCases.filter { allowsNone || $0 != .none } }

  public var decisions: [Decision] {
    ["normal", "reduce"].flatMap { cell in
      (0..<DARTSCell.nodeCount).flatMap { node in
        ["first", "second"].flatMap { slot in
          [
            Decision(
              size: node + 2, kind: .connection, name: "\(cell) node \(node + 2) \(slot) input",
              options: (0..<(node + 2)).map { "node \($0)" }),
            Decision(
              size: DARTSOp.allCases.count, kind: .operation,
              name: "\(cell) node \(node + 2) \(slot) op", options: DARTSOp.allCases.map(\.rawValue)
            ),
          ]
        }
      }
    }
  }

  public func isValid(_ architecture: DARTSGenotype) -> Bool { problem(with: architecture) == nil }

  /// Names the cell and the rule a genotype breaks: a concat other than nodes 2...5, or `none` when the space
  /// excludes it.
  public func problem(with architecture: DARTSGenotype) -> String? {
    for (name, cell) in [("normal", architecture.normal), ("reduce", architecture.reduce)] {
      if cell.concat != DARTSCell.standardConcat {
        return "its \(name) cell concatenates nodes \(cell.concat); the DARTS space concatenates "
          + "\(DARTSCell.standardConcat)"
      }
      if !allowsNone, cell.edges.contains(where: { $0.op == .none }) {
        return "its \(name) cell uses 'none', which the DARTS (NDS) space excludes"
      }
    }
    return nil
  }

  /// Each node's two inputs drawn uniformly among distinct pairs, each op uniformly among the candidate ops.
  public func sample(using random: inout RandomStream) -> DARTSGenotype {
    func cell() -> DARTSCell {
      var edges: [DARTSCell.Edge] = []
      for node in 0..<DARTSCell.nodeCount {
        let first = random.int(below: node + 2)
        var second = random.int(below: node + 1)
        if second >= first { second += 1 }
        for input in [first, second] {
          edges.append(DARTSCell.Edge(op: random.element(of: candidateOps), input: input))
        }
      }
      // Distinct in-range inputs by construction.
      return (try? DARTSCell(edges: edges)) ?? DARTSCell.fallback
    }
    return DARTSGenotype(normal: cell(), reduce: cell())
  }

  /// One decision changed to another value, redrawn until the result is valid.
  public func mutate(_ architecture: DARTSGenotype, using random: inout RandomStream)
    -> DARTSGenotype
  {
    let choices = self.choices(of: architecture)
    let sizes = decisionSizes
    for _ in 0..<1000 {
      let position = random.int(below: sizes.count)
      guard sizes[position] > 1 else { continue }
      var changed = choices
      var value = random.int(below: sizes[position] - 1)
      if value >= choices[position] { value += 1 }
      changed[position] = value
      if let child = try? self.architecture(choices: changed) { return child }
    }
    return architecture
  }

  public func neighbors(of architecture: DARTSGenotype) -> [DARTSGenotype] {
    let choices = self.choices(of: architecture)
    var result: [DARTSGenotype] = []
    for (position, size) in decisionSizes.enumerated() {
      for value in 0..<size where value != choices[position] {
        var changed = choices
        changed[position] = value
        if let neighbor = try? self.architecture(choices: changed) { result.append(neighbor) }
      }
    }
    return result
  }

  public func encode(_ architecture: DARTSGenotype) -> [Int] { choices(of: architecture) }

  public func choices(of architecture: DARTSGenotype) -> [Int] {
    [architecture.normal, architecture.reduce].flatMap { cell in
      cell.edges.flatMap { [$0.input, $0.op.id] }
    }
  }

  /// The genotype making `choices` (concatenating nodes 2...5); throws when a choice is out of range, a node
  /// reads one node twice, or an op is `none` and the space does not allow it.
  public func architecture(choices: [Int]) throws(CairnError) -> DARTSGenotype {
    try checkChoices(choices)
    var cells: [DARTSCell] = []
    for cell in 0..<2 {
      let slice = choices[(cell * 16)..<(cell * 16 + 16)]
      let values = Array(slice)
      let edges = stride(from: 0, to: 16, by: 2).map {
        DARTSCell.Edge(op: DARTSOp.allCases[values[$0 + 1]], input: values[$0])
      }
      cells.append(try DARTSCell(edges: edges))
    }
    let genotype = DARTSGenotype(normal: cells[0], reduce: cells[1])
    guard isValid(genotype) else {
      throw .invalidInput("the DARTS space does not allow the none op (allowsNone is off)")
    }
    return genotype
  }

  public func parse(_ text: String) throws(CairnError) -> DARTSGenotype {
    try DARTSGenotype(parsing: text)
  }

  public func format(_ architecture: DARTSGenotype) -> String { architecture.description }

  /// The genotype with each node's two edges in a fixed order, so that swapping them gives the same identity.
  public func identity(of architecture: DARTSGenotype) -> String {
    func canonical(_ cell: DARTSCell) -> String {
      stride(from: 0, to: cell.edges.count, by: 2).map { start in
        cell.edges[start..<(start + 2)].map { "\($0.op.rawValue)@\($0.input)" }.sorted()
          .joined(separator: "+")
      }.joined(separator: "|") + "/" + cell.concat.map(String.init).joined(separator: ",")
    }
    return canonical(architecture.normal) + " " + canonical(architecture.reduce)
  }
}

extension DARTSCell {
  /// A valid cell, for the impossible case that a drawn cell does not construct.
  static let fallback: DARTSCell = {
    let edges = (0..<nodeCount).flatMap { node in
      [Edge(op: .skipConnect, input: node), Edge(op: .skipConnect, input: node + 1)]
    }
    return (try? DARTSCell(edges: edges)) ?? DARTSCell(unchecked: edges)
  }()

  private init(unchecked edges: [Edge]) {
    self.edges = edges
    concat = DARTSCell.standardConcat
  }
}

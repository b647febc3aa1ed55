import CairnCore

/// A NAS-Bench-201 cell: four nodes (node 0 the input, node 3 the output) and six edges, each carrying an op.
///
/// Edges are in the benchmark's canonical order (1←0), (2←0), (2←1), (3←0), (3←1), (3←2), the order of
/// the official string `|op~0|+|op~0|op~1|+|op~0|op~1|op~2|`. The value is stored as `code`, the six op ids
/// read as a base-5 number with edge 0 most significant; `code` is not the official index (see `NB201Space`).
public struct NB201Architecture: Hashable, Sendable, Comparable, CustomStringConvertible {
  /// The number of nodes, input and output included.
  public static let nodeCount = 4
  /// The number of edges.
  public static let edgeCount = 6
  /// The number of distinct cells, 5^6.
  public static let cellCount = 15_625
  /// The source and target node of each edge, in canonical edge order.
  public static let edgeEndpoints: [(from: Int, to: Int)] = [
    (0, 1), (0, 2), (1, 2), (0, 3), (1, 3), (2, 3),
  ]
  /// The base-5 place value of each edge's op id in `code`.
  static let placeValues = [3125, 625, 125, 25, 5, 1]

  /// The six op ids as a base-5 number, edge 0 most significant, in 0..<15625.
  public let code: Int

  init(uncheckedCode code: Int) {
    self.code = code
  }

  /// The cell with the given base-5 `code`; throws when it is outside 0..<15625.
  public init(code: Int) throws(CairnError) {
    guard (0..<Self.cellCount).contains(code) else {
      throw CairnError.invalidInput("NB201 cell code \(code) is out of range 0..<\(Self.cellCount)")
    }
    self.code = code
  }

  /// The cell with the given six ops in canonical edge order; throws when there are not six.
  public init(_ ops: [NB201Op]) throws(CairnError) {
    guard ops.count == Self.edgeCount else {
      throw CairnError.invalidInput(
        "an NB201 cell has \(Self.edgeCount) edges, got \(ops.count) ops")
    }
    self.init(uncheckedOps: ops)
  }

  /// The cell with the given six op ids (0...4) in canonical edge order; throws naming a bad id or count.
  public init(opIDs: [Int]) throws(CairnError) {
    guard opIDs.count == Self.edgeCount else {
      throw CairnError.invalidInput(
        "an NB201 cell has \(Self.edgeCount) edges, got \(opIDs.count) op ids")
    }
    var ops: [NB201Op] = []
    for (edge, id) in opIDs.enumerated() {
      guard let op = NB201Op(id: id) else {
        throw CairnError.invalidInput(
          "NB201 op id \(id) on edge \(edge) is out of range 0..<\(NB201Op.count)")
      }
      ops.append(op)
    }
    self.init(uncheckedOps: ops)
  }

  init(uncheckedOps ops: [NB201Op]) {
    var code = 0
    for op in ops { code = code * NB201Op.count + op.id }
    self.code = code
  }

  /// The op on edge `edge` (0..<6, canonical order).
  public subscript(edge edge: Int) -> NB201Op {
    precondition((0..<Self.edgeCount).contains(edge), "NB201 edge \(edge) is out of range 0..<6")
    return NB201Op.byID[(code / Self.placeValues[edge]) % NB201Op.count]
  }

  /// The six ops in canonical edge order.
  public var ops: [NB201Op] { (0..<Self.edgeCount).map { self[edge: $0] } }

  /// The six op ids in canonical edge order.
  public var opIDs: [Int] { (0..<Self.edgeCount).map { self[edge: $0].id } }

  /// The op on the edge from node `from` to node `to` (0 ≤ from < to ≤ 3).
  public func op(from: Int, to: Int) -> NB201Op {
    guard let edge = Self.edge(from: from, to: to) else {
      preconditionFailure("NB201 has no edge \(to)<-\(from)")
    }
    return self[edge: edge]
  }

  /// The canonical index of the edge from node `from` to node `to`, or nil when there is none.
  public static func edge(from: Int, to: Int) -> Int? {
    edgeEndpoints.firstIndex { $0.from == from && $0.to == to }
  }

  /// This cell with edge `edge` carrying `op`.
  public func replacing(edge: Int, with op: NB201Op) -> NB201Architecture {
    let place = Self.placeValues[edge]
    return NB201Architecture(uncheckedCode: code + (op.id - self[edge: edge].id) * place)
  }

  /// The number of edges on which this cell and `other` carry different ops.
  public func hammingDistance(to other: NB201Architecture) -> Int {
    (0..<Self.edgeCount).reduce(0) { $0 + (self[edge: $1] == other[edge: $1] ? 0 : 1) }
  }

  public static func < (lhs: NB201Architecture, rhs: NB201Architecture) -> Bool {
    lhs.code < rhs.code
  }

  /// The official string, `|op~0|+|op~0|op~1|+|op~0|op~1|op~2|`.
  public var description: String { archString }
}

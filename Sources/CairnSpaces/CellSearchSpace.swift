import CairnCore

/// One edge of a cell: data flows from node `from` to node `to`, through one op chosen from `candidates`.
///
/// Nodes are numbered in topological order, so `from < to`. A candidate's position in `candidates` is its op id.
public struct CellEdge: Hashable, Codable, Sendable, CustomStringConvertible {
  /// The source node.
  public var from: Int
  /// The target node.
  public var to: Int
  /// The names of the ops this edge can carry, in op-id order.
  public var candidates: [String]

  /// Creates an edge from `from` to `to` with the given candidate op names.
  public init(from: Int, to: Int, candidates: [String]) {
    self.from = from
    self.to = to
    self.candidates = candidates
  }

  public var description: String { "\(to)<-\(from)" }
}

/// A search space whose architectures choose one candidate op per edge of a fixed cell graph.
///
/// One-shot methods build a super-net over `edges` and translate between architectures and per-edge choices.
public protocol CellSearchSpace: SearchSpace {
  /// The number of nodes in the cell, inputs included.
  var nodeCount: Int { get }

  /// The cell's edges with their candidate ops, in the space's canonical edge order.
  var edges: [CellEdge] { get }

  /// The chosen candidate index for each edge of `architecture`, in edge order.
  func choices(of architecture: Architecture) -> [Int]

  /// The architecture making the given per-edge choices; throws when they are malformed or invalid.
  func architecture(choices: [Int]) throws(CairnError) -> Architecture
}

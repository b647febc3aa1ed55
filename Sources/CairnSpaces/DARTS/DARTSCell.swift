import CairnCore

/// One DARTS cell (normal or reduction): 4 intermediate nodes, each the sum of two ops applied to two distinct
/// earlier nodes (0 and 1 are the outputs of the two previous cells, node k + 2 is intermediate node k), and the
/// concatenation of the nodes listed in `concat` as the output.
public struct DARTSCell: Hashable, Codable, Sendable {
  /// The number of intermediate nodes.
  public static let nodeCount = 4
  /// The nodes every cell concatenates unless told otherwise.
  public static let standardConcat = [2, 3, 4, 5]

  /// One input of an intermediate node: the op and the node it reads.
  public struct Edge: Hashable, Codable, Sendable {
    public var op: DARTSOp
    public var input: Int
    public init(op: DARTSOp, input: Int) {
      self.op = op
      self.input = input
    }
  }

  /// Two edges per intermediate node, node by node (8 in all).
  public let edges: [Edge]
  /// The nodes whose outputs are concatenated.
  public let concat: [Int]

  /// Creates a cell; throws naming the problem when an edge count, an input or the concatenation is wrong.
  public init(edges: [Edge], concat: [Int] = standardConcat) throws(CairnError) {
    guard edges.count == 2 * Self.nodeCount else {
      throw .invalidInput(
        "a DARTS cell has \(edges.count) edges; every one of its \(Self.nodeCount) nodes needs exactly 2 inputs (8 edges)"
      )
    }
    for node in 0..<Self.nodeCount {
      let (a, b) = (edges[2 * node], edges[2 * node + 1])
      for edge in [a, b] where !(0..<(node + 2)).contains(edge.input) {
        throw .invalidInput(
          "node \(node + 2) of a DARTS cell reads node \(edge.input); it can read nodes 0...\(node + 1)"
        )
      }
      guard a.input != b.input else {
        throw .invalidInput(
          "node \(node + 2) of a DARTS cell reads node \(a.input) twice; its two inputs must differ"
        )
      }
    }
    guard !concat.isEmpty, Set(concat).count == concat.count,
      concat.allSatisfy({ (2...(Self.nodeCount + 1)).contains($0) })
    else {
      throw .invalidInput(
        "a DARTS cell concatenates nodes \(concat); expected distinct nodes from 2...\(Self.nodeCount + 1)"
      )
    }
    self.edges = edges
    self.concat = concat
  }

  private enum CodingKeys: String, CodingKey { case edges, concat }

  /// Decodes and checks a cell (a checkpoint is input like any other).
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let edges = try container.decode([Edge].self, forKey: .edges)
    let concat = try container.decode([Int].self, forKey: .concat)
    do {
      try self.init(edges: edges, concat: concat)
    } catch {
      throw DecodingError.dataCorruptedError(
        forKey: .edges, in: container, debugDescription: error.description)
    }
  }
}

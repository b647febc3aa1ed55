import CairnCore

/// A NAS-Bench-101 cell: a DAG on 2...7 vertices given by an upper-triangular adjacency matrix, and one op per
/// vertex (vertex 0 `input`, the last `output`, interior vertices conv3x3, conv1x1 or maxpool3x3).
///
/// The value is the graph as given, not pruned; equality is structural. Use `moduleHash` to compare cells as the
/// benchmark does (up to pruning and isomorphism). The bounds of the space (at most 9 edges after pruning, an
/// input→output path) are checked by `NB101Space.isValid`, not here.
public struct NB101Architecture: Hashable, Sendable, CustomStringConvertible {
  /// The largest number of vertices.
  public static let maxVertexCount = 7
  /// The largest number of edges after pruning.
  public static let maxEdgeCount = 9

  /// The number of vertices.
  public let vertexCount: Int
  /// Row-major adjacency: `adjacency[from * vertexCount + to]` is true for an edge from `from` to `to`.
  let adjacency: [Bool]
  /// The op of each vertex.
  public let ops: [NB101Op]

  /// Creates a cell from a 0/1 adjacency matrix (row = source, column = target) and one op per vertex.
  ///
  /// Throws `CairnError.invalidInput` unless the matrix is square with 2...7 rows of 0s and 1s, strictly upper
  /// triangular, and the ops start with `input`, end with `output` and are interior ops in between.
  public init(matrix: [[Int]], ops: [NB101Op]) throws(CairnError) {
    let n = matrix.count
    guard (2...Self.maxVertexCount).contains(n) else {
      throw CairnError.invalidInput(
        "NB101 cell has \(n) vertices; expected 2...\(Self.maxVertexCount)")
    }
    var adjacency = [Bool](repeating: false, count: n * n)
    for (row, entries) in matrix.enumerated() {
      guard entries.count == n else {
        throw CairnError.invalidInput(
          "NB101 adjacency row \(row) has \(entries.count) entries; expected \(n)")
      }
      for (column, entry) in entries.enumerated() {
        guard entry == 0 || entry == 1 else {
          throw CairnError.invalidInput(
            "NB101 adjacency entry (\(row), \(column)) is \(entry); expected 0 or 1")
        }
        adjacency[row * n + column] = entry == 1
      }
    }
    try self.init(vertexCount: n, adjacency: adjacency, ops: ops)
  }

  init(vertexCount n: Int, adjacency: [Bool], ops: [NB101Op]) throws(CairnError) {
    for from in 0..<n {
      for to in 0...from where adjacency[from * n + to] {
        throw CairnError.invalidInput(
          "NB101 adjacency has an edge \(from)->\(to) on or below the diagonal; it must be strictly upper triangular"
        )
      }
    }
    guard ops.count == n else {
      throw CairnError.invalidInput("NB101 cell has \(n) vertices but \(ops.count) ops")
    }
    guard ops.first == .input, ops.last == .output else {
      throw CairnError.invalidInput(
        "NB101 ops '\(ops.map(\.rawValue).joined(separator: "|"))' must start with input and end with output"
      )
    }
    for (vertex, op) in ops.enumerated().dropFirst().dropLast() where !op.isInterior {
      throw CairnError.invalidInput(
        "NB101 vertex \(vertex) has op '\(op.rawValue)'; expected one of \(NB101Op.interiorNameList)"
      )
    }
    self.init(unchecked: n, adjacency: adjacency, ops: ops)
  }

  init(unchecked vertexCount: Int, adjacency: [Bool], ops: [NB101Op]) {
    self.vertexCount = vertexCount
    self.adjacency = adjacency
    self.ops = ops
  }

  /// Whether there is an edge from vertex `from` to vertex `to`.
  public func hasEdge(from: Int, to: Int) -> Bool {
    adjacency[from * vertexCount + to]
  }

  /// The adjacency matrix as rows of 0s and 1s (row = source, column = target).
  public var matrix: [[Int]] {
    (0..<vertexCount).map { from in
      (0..<vertexCount).map { to in hasEdge(from: from, to: to) ? 1 : 0 }
    }
  }

  /// The number of edges.
  public var edgeCount: Int { adjacency.reduce(0) { $0 + ($1 ? 1 : 0) } }

  /// The matrix as a row-major string of 0s and 1s, as in the benchmark tables.
  public var adjacencyBits: String { String(adjacency.map { $0 ? "1" : "0" }) }

  /// The textual form `bits:ops`, such as `0110001000000100:input|conv3x3-bn-relu|maxpool3x3|output`.
  public var description: String {
    adjacencyBits + ":" + ops.map(\.rawValue).joined(separator: "|")
  }

  /// Parses the form `bits:ops` of `description`: the row-major n×n adjacency bits, a colon, and the n ops
  /// separated by `|`. Throws `CairnError.invalidInput` naming the text and the problem.
  public init(parsing text: String) throws(CairnError) {
    let shown = "NB101 architecture '\(text.count <= 200 ? text : String(text.prefix(200)) + "…")'"
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 2 else {
      throw CairnError.invalidInput("\(shown) is not of the form 'adjacency-bits:op|op|…'")
    }
    let bits = parts[0]
    let names = parts[1].split(separator: "|", omittingEmptySubsequences: false)
    let n = names.count
    guard bits.count == n * n else {
      throw CairnError.invalidInput(
        "\(shown) has \(bits.count) adjacency bits for \(n) ops; expected \(n * n)")
    }
    var adjacency: [Bool] = []
    for bit in bits {
      guard bit == "0" || bit == "1" else {
        throw CairnError.invalidInput("\(shown) has adjacency character '\(bit)'; expected 0 or 1")
      }
      adjacency.append(bit == "1")
    }
    var ops: [NB101Op] = []
    for name in names {
      guard let op = NB101Op(rawValue: String(name)) else {
        throw CairnError.invalidInput(
          "unknown op '\(name)' in \(shown); expected input, output or one of \(NB101Op.interiorNameList)"
        )
      }
      ops.append(op)
    }
    guard (2...Self.maxVertexCount).contains(n) else {
      throw CairnError.invalidInput(
        "\(shown) has \(n) vertices; expected 2...\(Self.maxVertexCount)")
    }
    do {
      try self.init(vertexCount: n, adjacency: adjacency, ops: ops)
    } catch {
      throw CairnError.invalidInput("\(shown): \(error.description)")
    }
  }
}

extension NB101Architecture: Codable {
  private enum CodingKeys: String, CodingKey { case matrix, ops }

  /// Decodes `{"matrix": [[0, 1, …], …], "ops": ["input", …, "output"]}`, the benchmark's model spec.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let matrix = try container.decode([[Int]].self, forKey: .matrix)
    let ops = try container.decode([NB101Op].self, forKey: .ops)
    do {
      try self.init(matrix: matrix, ops: ops)
    } catch {
      throw DecodingError.dataCorruptedError(
        forKey: .matrix, in: container, debugDescription: error.description)
    }
  }

  /// Encodes the model spec `{"matrix": …, "ops": …}`.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(matrix, forKey: .matrix)
    try container.encode(ops, forKey: .ops)
  }
}

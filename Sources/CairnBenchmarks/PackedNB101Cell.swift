import CairnSpaces

/// A NAS-Bench-101 cell in 16 bytes: vertex count, row-major adjacency bits and 3-bit op codes.
struct PackedNB101Cell: Hashable, Sendable {
  /// The number of vertices, 2...7.
  let vertexCount: UInt8
  /// Bit `from * vertexCount + to` is set for an edge from `from` to `to`.
  let adjacency: UInt64
  /// Bits `3v..<3v+3` hold the position of vertex v's op in `NB101Op.allCases`.
  let ops: UInt32

  static let opsByCode = NB101Op.allCases

  init(vertexCount: Int, adjacency: UInt64, packedOps: UInt32) {
    self.vertexCount = UInt8(vertexCount)
    self.adjacency = adjacency
    ops = packedOps
  }

  /// The cell as a CairnSpaces architecture.
  var architecture: NB101Architecture {
    let n = Int(vertexCount)
    let matrix = (0..<n).map { from in
      (0..<n).map { to in Int((adjacency >> UInt64(from * n + to)) & 1) }
    }
    let opList = (0..<n).map { Self.opsByCode[Int((ops >> UInt32(3 * $0)) & 7)] }
    // The loader accepted only cells that NB101Architecture accepts.
    return try! NB101Architecture(matrix: matrix, ops: opList)
  }

  /// The `adjacency-bits:op|op|…` text of the cell.
  var text: String {
    let n = Int(vertexCount)
    var bits = ""
    for position in 0..<(n * n) { bits += (adjacency >> UInt64(position)) & 1 == 1 ? "1" : "0" }
    let names = (0..<n).map { Self.opsByCode[Int((ops >> UInt32(3 * $0)) & 7)].rawValue }
    return bits + ":" + names.joined(separator: "|")
  }
}

import CairnCore
import CairnSpaces
import Foundation

/// Reads the structural fields of an NB101 row.
enum NB101RowReader {
  private static let opNames: [[UInt8]] = NB101Op.allCases.map { Array($0.rawValue.utf8) }

  /// `bytes` as a hash when they are 32 lowercase hex digits.
  static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> NB101Hash? {
    guard bytes.count == 32 else { return nil }
    var words: (UInt64, UInt64) = (0, 0)
    for (position, byte) in bytes.enumerated() {
      let nibble: UInt8
      switch byte {
      case 0x30...0x39: nibble = byte - 0x30
      case 0x61...0x66: nibble = byte - 0x61 + 10
      default: return nil
      }
      if position < 16 {
        words.0 = words.0 << 4 | UInt64(nibble)
      } else {
        words.1 = words.1 << 4 | UInt64(nibble)
      }
    }
    return NB101Hash(high: words.0, low: words.1)
  }

  /// The cell of a row, or a call to `fail` with the problem.
  static func cell(
    adjacency: UnsafeBufferPointer<UInt8>, ops: UnsafeBufferPointer<UInt8>, vertexCount n: Int,
    fail: (String) throws(CairnError) -> Never
  ) throws(CairnError) -> PackedNB101Cell {
    var adjacencyText: String { String(decoding: adjacency, as: UTF8.self) }
    var opsText: String { String(decoding: ops, as: UTF8.self) }
    guard adjacency.count == n * n else {
      try fail(
        "adjacency '\(adjacencyText)' has \(adjacency.count) bits; expected \(n * n) for num_vertices \(n)"
      )
    }
    var bits: UInt64 = 0
    for (position, byte) in adjacency.enumerated() {
      guard byte == UInt8(ascii: "0") || byte == UInt8(ascii: "1") else {
        try fail("adjacency '\(adjacencyText)' holds a character other than 0 and 1")
      }
      if byte == UInt8(ascii: "1") {
        guard position % n > position / n else {
          try fail(
            "adjacency '\(adjacencyText)' has an edge \(position / n)->\(position % n) on or below the diagonal"
          )
        }
        bits |= 1 << UInt64(position)
      }
    }
    var packedOps: UInt32 = 0
    var opCount = 0
    var start = 0
    let all = NB101Op.allCases
    while start <= ops.count {
      var end = start
      while end < ops.count && ops[end] != UInt8(ascii: "|") { end += 1 }
      let length = end - start
      guard
        let code = opNames.firstIndex(where: {
          $0.count == length && memcmp(ops.baseAddress! + start, $0, length) == 0
        })
      else {
        let name = String(decoding: UnsafeBufferPointer(rebasing: ops[start..<end]), as: UTF8.self)
        try fail(
          "ops '\(opsText)' has unknown op '\(name)'; expected input, output, "
            + NB101Op.interiorOps.map(\.rawValue).joined(separator: ", "))
      }
      let op = all[code]
      let expected: Bool =
        opCount == 0 ? op == .input : opCount == n - 1 ? op == .output : op.isInterior
      guard opCount < n, expected else {
        if opCount >= n {
          try fail("ops '\(opsText)' has more than \(n) ops for num_vertices \(n)")
        }
        try fail(
          "ops '\(opsText)' must start with input, end with output and have interior ops between")
      }
      packedOps |= UInt32(code) << (3 * opCount)
      opCount += 1
      start = end + 1
    }
    guard opCount == n else {
      try fail("ops '\(opsText)' has \(opCount) ops; expected \(n) for num_vertices \(n)")
    }
    return PackedNB101Cell(vertexCount: n, adjacency: bits, packedOps: packedOps)
  }
}

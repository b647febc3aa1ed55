extension NB101Architecture {
  /// The benchmark's module hash of the pruned cell (32 hex digits), or nil when the input does not reach the
  /// output. Cells with equal hashes are the same entry of NAS-Bench-101.
  public var moduleHash: String? {
    guard let cell = pruned() else { return nil }
    return cell.graphHash()
  }

  /// The benchmark's `hash_module` of this graph as it stands, without pruning.
  ///
  /// Each vertex starts from the MD5 of the Python tuple text `(out-degree, in-degree, label)` (labels: input -1,
  /// output -2, interior op id). Then, as many rounds as there are vertices, each vertex's hash becomes the MD5 of
  /// its in-neighbours' hashes sorted and concatenated, `|`, its out-neighbours' likewise, `|`, and its own hash.
  /// The fingerprint is the MD5 of the Python list text of the sorted final hashes, `['…', '…']`. All hashes are
  /// lowercase hex digests, hashed as UTF-8 text.
  public func graphHash() -> String {
    let n = vertexCount
    let inNeighbors = (0..<n).map { v in (0..<n).filter { hasEdge(from: $0, to: v) } }
    let outNeighbors = (0..<n).map { v in (0..<n).filter { hasEdge(from: v, to: $0) } }
    var hashes: [[UInt8]] = (0..<n).map { v in
      MD5.hexDigestBytes(
        Array("(\(outNeighbors[v].count), \(inNeighbors[v].count), \(ops[v].label))".utf8))
    }
    let bar = UInt8(ascii: "|")
    for _ in 0..<n {
      hashes = (0..<n).map { v in
        var message: [UInt8] = []
        message.reserveCapacity(32 * (inNeighbors[v].count + outNeighbors[v].count + 1) + 2)
        for hash in inNeighbors[v].map({ hashes[$0] }).sorted(by: Self.precedes) { message += hash }
        message.append(bar)
        for hash in outNeighbors[v].map({ hashes[$0] }).sorted(by: Self.precedes) {
          message += hash
        }
        message.append(bar)
        message += hashes[v]
        return MD5.hexDigestBytes(message)
      }
    }
    var listText: [UInt8] = Array("[".utf8)
    for (i, hash) in hashes.sorted(by: Self.precedes).enumerated() {
      if i > 0 { listText += Array(", ".utf8) }
      listText.append(UInt8(ascii: "'"))
      listText += hash
      listText.append(UInt8(ascii: "'"))
    }
    listText.append(UInt8(ascii: "]"))
    return MD5.hexDigest(listText)
  }

  /// Byte order of two hex digests, which is Python's string order for them.
  private static func precedes(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    a.lexicographicallyPrecedes(b)
  }
}

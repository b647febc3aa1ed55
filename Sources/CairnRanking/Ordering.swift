// The one ordering rule of this module: every ranking is a total order, ties broken by the lower index.
//
// `descendingOrder` puts the best (largest) value first and is what "top-K" and "rank 1 = best" mean
// throughout; `ascendingOrder` is its mirror for the places that sort ascending. Orders are found by a
// stable least-significant-digit radix sort on order-preserving 64-bit keys: O(n) per pass, at most eight
// passes (passes in which every key has the same byte are skipped), a fixed handful of buffers per call,
// and deterministic whatever the tie pattern. Values must not be NaN.

/// An order-preserving image of a non-NaN Double: a < b exactly when key(a) < key(b), and −0 and +0
/// (which compare equal) have the same key.
@inline(__always) func orderKey(_ value: Double) -> UInt64 {
  let bits = (value + 0.0).bitPattern  // −0 + 0 = +0
  return bits >> 63 == 1 ? ~bits : bits | (1 << 63)
}

/// The indices of `values` from the largest value to the smallest; equal values keep index order.
func descendingOrder(_ values: [Double]) -> [Int] {
  var order = Array(values.indices)
  stablySort(&order, byKeys: values.map { ~orderKey($0) })
  return order
}

/// The indices of `values` from the smallest value to the largest; equal values keep index order.
func ascendingOrder(_ values: [Double]) -> [Int] {
  var order = Array(values.indices)
  stablySort(&order, byKeys: values.map(orderKey))
  return order
}

/// The indices of `values` from the smallest to the largest, equal values ordered by `tieBreak` ascending,
/// then by index.
func ascendingOrder(_ values: [Double], tieBreak: [Double]) -> [Int] {
  precondition(values.count == tieBreak.count, "tie-break list must match the values")
  var order = Array(values.indices)
  stablySort(&order, byKeys: tieBreak.map(orderKey))
  stablySort(&order, byKeys: values.map(orderKey))
  return order
}

/// Reorders `order` (indices into `keys`) by ascending `keys[index]`, keeping the current order among equal
/// keys: a stable LSD radix sort, one byte per pass, skipping bytes that all keys share.
func stablySort(_ order: inout [Int], byKeys keys: [UInt64]) {
  let n = order.count
  guard n > 1 else { return }
  let keyBuffer = UnsafeMutablePointer<UInt64>.allocate(capacity: 2 * n)
  let indexBuffer = UnsafeMutablePointer<Int>.allocate(capacity: 2 * n)
  let counts = UnsafeMutablePointer<Int>.allocate(capacity: 8 * 256)
  defer {
    keyBuffer.deallocate()
    indexBuffer.deallocate()
    counts.deallocate()
  }
  counts.initialize(repeating: 0, count: 8 * 256)
  keys.withUnsafeBufferPointer { keys in
    order.withUnsafeBufferPointer { order in
      for i in 0..<n {
        let key = keys[order[i]]
        keyBuffer[i] = key
        indexBuffer[i] = order[i]
        for byte in 0..<8 {
          counts[byte << 8 | Int(truncatingIfNeeded: key >> (byte << 3)) & 0xff] += 1
        }
      }
    }
  }
  var sourceKeys = keyBuffer
  var sourceIndices = indexBuffer
  var targetKeys = keyBuffer + n
  var targetIndices = indexBuffer + n
  for byte in 0..<8 {
    let histogram = counts + (byte << 8)
    let shift = UInt64(byte << 3)
    if histogram[Int(truncatingIfNeeded: sourceKeys[0] >> shift) & 0xff] == n { continue }
    var total = 0
    for bucket in 0..<256 {
      let count = histogram[bucket]
      histogram[bucket] = total
      total += count
    }
    for i in 0..<n {
      let key = sourceKeys[i]
      let bucket = Int(truncatingIfNeeded: key >> shift) & 0xff
      let position = histogram[bucket]
      histogram[bucket] = position + 1
      targetKeys[position] = key
      targetIndices[position] = sourceIndices[i]
    }
    swap(&sourceKeys, &targetKeys)
    swap(&sourceIndices, &targetIndices)
  }
  order.withUnsafeMutableBufferPointer { order in
    for i in 0..<n { order[i] = sourceIndices[i] }
  }
}

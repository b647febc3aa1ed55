/// The pair counts behind Kendall's tau for two paired lists, found in O(n log n) with Knight's algorithm.
///
/// Of the `pairs = n(n−1)/2` unordered pairs of positions (i, j):
/// - `discordant` pairs have x and y ordered oppositely (neither tied);
/// - `tiedInX` pairs have equal x (whatever y does), `tiedInY` pairs equal y, and `tiedInBoth` equal x and
///   equal y (these are counted in both `tiedInX` and `tiedInY`);
/// - the rest are concordant: `concordant = pairs − discordant − tiedInX − tiedInY + tiedInBoth`.
///
/// Knight (1966): sort the positions by (x, y); runs of equal x give `tiedInX`, runs of equal (x, y) give
/// `tiedInBoth`; a merge sort of the y sequence in that order counts its inversions, which are exactly the
/// discordant pairs (pairs tied in x are already in y order, and equal y values are never swapped); the
/// sorted y sequence then gives `tiedInY`. The (x, y) order comes from two stable radix sorts on
/// order-preserving integer keys, and the merge sort works on those keys. Time O(n log n), a fixed handful
/// of n-element buffers per call.
public struct KendallPairCounts: Sendable, Hashable, Codable {
  /// The number of positions, n.
  public var count: Int
  /// All unordered pairs, n(n−1)/2.
  public var pairs: Int
  /// Pairs ordered one way by x and the other way by y.
  public var discordant: Int
  /// Pairs with equal x (including those also tied in y).
  public var tiedInX: Int
  /// Pairs with equal y (including those also tied in x).
  public var tiedInY: Int
  /// Pairs with equal x and equal y.
  public var tiedInBoth: Int

  /// Pairs ordered the same way by x and by y.
  public var concordant: Int { pairs - discordant - tiedInX - tiedInY + tiedInBoth }

  /// Counts the pairs of two equal-length lists; nil when a value is NaN (NaN has no order).
  ///
  /// Infinities are ordinary ordered values here. Lists of fewer than two values have no pairs.
  public init?(_ x: [Double], _ y: [Double]) {
    precondition(
      x.count == y.count, "Kendall tau needs equal-length lists (\(x.count) vs \(y.count))")
    if x.contains(where: \.isNaN) || y.contains(where: \.isNaN) { return nil }
    let n = x.count
    count = n
    pairs = n * (n - 1) / 2
    (discordant, tiedInX, tiedInY, tiedInBoth) = (0, 0, 0, 0)
    guard n >= 2 else { return }

    // Order by (x, y): stable sorts by y, then by x.
    let xKeys = x.map(orderKey)
    let yKeys = y.map(orderKey)
    var order = Array(0..<n)
    stablySort(&order, byKeys: yKeys)
    stablySort(&order, byKeys: xKeys)

    var ys = order.map { yKeys[$0] }
    var xTies = 0
    var jointTies = 0
    var start = 0
    while start < n {
      var end = start + 1
      while end < n && xKeys[order[end]] == xKeys[order[start]] { end += 1 }
      xTies += Self.tiedPairs(end - start)
      var run = start
      while run < end {
        var runEnd = run + 1
        while runEnd < end && ys[runEnd] == ys[run] { runEnd += 1 }
        jointTies += Self.tiedPairs(runEnd - run)
        run = runEnd
      }
      start = end
    }
    discordant = Self.sortCountingInversions(&ys)
    var yTies = 0
    start = 0
    while start < n {
      var end = start + 1
      while end < n && ys[end] == ys[start] { end += 1 }
      yTies += Self.tiedPairs(end - start)
      start = end
    }
    tiedInX = xTies
    tiedInY = yTies
    tiedInBoth = jointTies
  }

  /// Kendall's tau-b from these counts, or nil when it is undefined.
  ///
  /// τ_b = (C − D) / √((P − T_x)(P − T_y)), with P pairs, C concordant, D discordant, T_x and T_y the pairs
  /// tied in x and in y. It is undefined (nil) when every pair is tied in x or every pair is tied in y —
  /// a constant list, or fewer than two values — where `scipy.stats.kendalltau` returns NaN.
  /// The arithmetic is SciPy's: `(P − T_x − T_y + T_xy − 2D) / √(P − T_x) / √(P − T_y)`, clamped to [−1, 1].
  public var tauB: Double? {
    guard pairs > 0, tiedInX < pairs, tiedInY < pairs else { return nil }
    let concordantMinusDiscordant = pairs - tiedInX - tiedInY + tiedInBoth - 2 * discordant
    let tau =
      Double(concordantMinusDiscordant) / Double(pairs - tiedInX).squareRoot()
      / Double(pairs - tiedInY).squareRoot()
    return min(1, max(-1, tau))
  }

  @inline(__always) static func tiedPairs(_ run: Int) -> Int { run * (run - 1) / 2 }

  /// Sorts `values` ascending with a bottom-up merge sort and returns the number of inversions, the pairs
  /// i < j with values[i] > values[j]. Equal values are never counted. O(n log n) time, one scratch buffer.
  static func sortCountingInversions(_ values: inout [UInt64]) -> Int {
    let n = values.count
    guard n > 1 else { return 0 }
    var scratch = [UInt64](repeating: 0, count: n)
    var inversions = 0
    var sortedIsInScratch = false
    values.withUnsafeMutableBufferPointer { valuesBuffer in
      scratch.withUnsafeMutableBufferPointer { scratchBuffer in
        // Runs of 8 by insertion sort first: fewer passes, and cheap for short runs.
        let run = 8
        var low = 0
        while low < n {
          let high = min(low + run, n)
          var i = low + 1
          while i < high {
            let value = valuesBuffer[i]
            var j = i
            while j > low && valuesBuffer[j - 1] > value {
              valuesBuffer[j] = valuesBuffer[j - 1]
              j -= 1
            }
            inversions += i - j
            valuesBuffer[j] = value
            i += 1
          }
          low = high
        }
        var source = valuesBuffer
        var target = scratchBuffer
        var width = run
        while width < n {
          var low = 0
          while low < n {
            let middle = min(low + width, n)
            let high = min(low + 2 * width, n)
            var i = low
            var j = middle
            var k = low
            while i < middle && j < high {
              if source[j] < source[i] {
                target[k] = source[j]
                inversions += middle - i
                j += 1
              } else {
                target[k] = source[i]
                i += 1
              }
              k += 1
            }
            while i < middle {
              target[k] = source[i]
              i += 1
              k += 1
            }
            while j < high {
              target[k] = source[j]
              j += 1
              k += 1
            }
            low = high
          }
          swap(&source, &target)
          sortedIsInScratch.toggle()
          width *= 2
        }
      }
    }
    if sortedIsInScratch { values = scratch }
    return inversions
  }
}

/// Kendall's tau-b of two equal-length lists, equal to `scipy.stats.kendalltau(x, y, variant='b')`.
///
/// τ_b = (C − D) / √((P − T_x)(P − T_y)) over the P = n(n−1)/2 pairs, with C concordant and D discordant pairs
/// and T_x, T_y the pairs tied in x and in y (see `KendallPairCounts`). Ties are handled by the b
/// correction in the denominator; a pair tied in either list is neither concordant nor discordant.
/// O(n log n) time (Knight's algorithm), all in Double and integer arithmetic.
///
/// Returns nil where SciPy returns NaN: fewer than two values, either list constant (all its pairs tied),
/// or a NaN anywhere. Two values suffice: τ_b is then +1, −1, or nil if either pair is tied.
public func kendallTauB(_ x: [Double], _ y: [Double]) -> Double? {
  KendallPairCounts(x, y)?.tauB
}

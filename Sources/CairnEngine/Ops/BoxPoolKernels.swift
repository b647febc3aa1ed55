/// 3×3 average pooling with stride 1 and padding 1 that excludes padding from its counts (the `avg_pool_3x3` of
/// NB201 and DARTS), forward and backward, on channel-blocked activations (`nChw8c`, `nChw16c`, no padded
/// channels), as a separable box sum with one read of the input.
///
/// The forward pass is y = B(x) ⊙ w with B the 3×3 box sum (clipped at the borders) and w(h, w) = 1 / (rows(h) ·
/// cols(w)) the inverse count of in-bounds elements of each window. The window is symmetric, so the positions whose
/// windows hold an input position are the positions its own window holds, and the backward pass is the box sum of
/// the weighted gradient: dx = B(dy ⊙ w). oneDNN 2.6's pooling kernels read each input nine times.
enum BoxPoolKernels {
  /// Planes of one (sample, channel block) each: `height` × `width` positions of one vector of channels.
  struct Planes {
    var count: Int
    var height: Int
    var width: Int
  }

  /// Where the inverse counts apply: to the output (forward) or to the input (backward).
  enum Weighting {
    case output
    case input
  }

  /// 1 / (in-bounds elements of a 3-wide window centred at each of `size` positions).
  static func inverseCounts(_ size: Int) -> [Float] {
    (0..<size).map { 1 / Float(min($0 + 1, size - 1) - max($0 - 1, 0) + 1) }
  }

  /// y = B(x) ⊙ w (`.output`) or B(x ⊙ w) (`.input`), plane by plane, planes split over the threads.
  static func run<V: SIMD>(
    _: V.Type, _ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, _ planes: Planes,
    weighting: Weighting
  ) where V.Scalar == Float {
    let (height, width, b) = (planes.height, planes.width, V.scalarCount)
    let rowWeights = inverseCounts(height)
    let columnWeights = inverseCounts(width)
    columnWeights.withUnsafeBufferPointer { columnWeights in
      let columnWeights = columnWeights.baseAddress!
      VectorLoops.parallel(planes.count) { range in
        // three rolling rows of horizontal sums
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 3 * width * b) { rows in
          let rows = rows.baseAddress!
          for plane in range {
            let source = x + plane * height * width * b
            let target = y + plane * height * width * b
            func sums(_ row: Int) -> UnsafeMutablePointer<Float> { rows + (row % 3) * width * b }
            let scaled = weighting == .input
            horizontalSums(
              V.self, source, into: sums(0), width: width,
              weights: scaled ? (rowWeights[0], columnWeights) : nil)
            for row in 0..<height {
              if row + 1 < height {
                horizontalSums(
                  V.self, source + (row + 1) * width * b, into: sums(row + 1), width: width,
                  weights: scaled ? (rowWeights[row + 1], columnWeights) : nil)
              }
              let above = row > 0 ? UnsafePointer(sums(row - 1)) : nil
              let below = row + 1 < height ? UnsafePointer(sums(row + 1)) : nil
              verticalSums(
                V.self, above, UnsafePointer(sums(row)), below, into: target + row * width * b,
                width: width, weights: scaled ? nil : (rowWeights[row], columnWeights))
            }
          }
        }
      }
    }
  }

  /// out[w] = Σ_{|d| ≤ 1, in bounds} s(w + d) for one row, s = x, or x ⊙ (row weight · column weight).
  @inline(__always)
  private static func horizontalSums<V: SIMD>(
    _: V.Type, _ x: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, width: Int,
    weights: (row: Float, columns: UnsafePointer<Float>)?
  ) where V.Scalar == Float {
    let b = V.scalarCount
    func value(_ column: Int) -> V {
      let v = VectorLoops.load(V.self, x + column * b)
      guard let weights else { return v }
      return v * (weights.row * weights.columns[column])
    }
    var left = V()
    var centre = value(0)
    for column in 0..<width {
      let right = column + 1 < width ? value(column + 1) : V()
      VectorLoops.store(left + centre + right, out + column * b)
      (left, centre) = (centre, right)
    }
  }

  /// out[w] = above[w] + row[w] + below[w] (nil rows are outside the plane), times the output weights if given.
  @inline(__always)
  private static func verticalSums<V: SIMD>(
    _: V.Type, _ above: UnsafePointer<Float>?, _ row: UnsafePointer<Float>,
    _ below: UnsafePointer<Float>?, into out: UnsafeMutablePointer<Float>, width: Int,
    weights: (row: Float, columns: UnsafePointer<Float>)?
  ) where V.Scalar == Float {
    let b = V.scalarCount
    for column in 0..<width {
      let i = column * b
      var total = VectorLoops.load(V.self, row + i)
      if let above { total += VectorLoops.load(V.self, above + i) }
      if let below { total += VectorLoops.load(V.self, below + i) }
      if let weights { total *= weights.row * weights.columns[column] }
      VectorLoops.store(total, out + i)
    }
  }
}

import Foundation

/// The loops of `batchNormSum` over channel-blocked activations (`nChw8c`, `nChw16c`, no padded channels).
///
/// Rows are (sample, channel block) pairs: `plane` positions of one vector of `V.scalarCount` channels each, rows
/// of one sample's blocks in order, then the next sample. Statistics take one pass over x (and one over its first
/// sample), summing deviations from a per-channel shift (the channel's mean over the first sample) in f32 vectors
/// along a row and in f64 across rows, so that a mean far from zero costs no precision in the variance.
enum BatchNormSumKernels {
  /// The geometry of a blocked tensor: samples, channel blocks, positions per channel plane.
  struct Rows {
    var samples: Int
    var blocks: Int
    var plane: Int
    var count: Int { samples * blocks }
  }

  /// Per-channel mean and biased variance of one tensor: with K the channel's mean over the first sample, d = x − K,
  /// the mean is K + Σd / n and the variance Σd² / n − (Σd / n)².
  static func statistics<V: SIMD>(_: V.Type, _ x: UnsafePointer<Float>, _ rows: Rows)
    -> (mean: [Float], variance: [Float]) where V.Scalar == Float
  {
    let b = V.scalarCount
    let perChannel = Double(rows.samples * rows.plane)
    let shifts = (0..<rows.blocks).map { block in
      rows.samples > 0 ? rowMean(V.self, x + block * rows.plane * b, plane: rows.plane) : V()
    }
    let (sums, squares) = channelSums(V.self, rows) { row in
      let shift = shifts[row % rows.blocks]
      var (total, squares) = (V(), V())
      let start = x + row * rows.plane * b
      for position in 0..<rows.plane {
        let d = VectorLoops.load(V.self, start + position * b) - shift
        total += d
        squares += d * d
      }
      return (total, squares)
    }
    let shift = shifts.flatMap { vector in (0..<b).map { Double(vector[$0]) } }
    let deviation = sums.map { $0 / perChannel }
    let mean = zip(shift, deviation).map { Float($0 + $1) }
    let variance = zip(squares, deviation).map { Float(max($0 / perChannel - $1 * $1, 0)) }
    return (mean, variance)
  }

  /// The mean of one row's `plane` vectors.
  private static func rowMean<V: SIMD>(_: V.Type, _ row: UnsafePointer<Float>, plane: Int) -> V
  where V.Scalar == Float {
    var total = V()
    for position in 0..<plane { total += VectorLoops.load(V.self, row + position * V.scalarCount) }
    return total / V(repeating: Float(max(plane, 1)))
  }

  /// Σ over rows of the two vectors `rowSums(row)` gives, per channel, in f64; rows split over the threads.
  private static func channelSums<V: SIMD>(
    _: V.Type, _ rows: Rows, _ rowSums: (Int) -> (V, V)
  ) -> ([Double], [Double]) where V.Scalar == Float {
    let b = V.scalarCount
    let width = rows.blocks * b
    let tasks = min(Engine.threadCount, rows.count)
    var partials = [Double](repeating: 0, count: tasks * 2 * width)
    partials.withUnsafeMutableBufferPointer { partials in
      let partials = partials.baseAddress!
      VectorLoops.parallel(rows.count, tasks: tasks) { range, task in
        for row in range {
          let (first, second) = rowSums(row)
          let target = partials + task * 2 * width + (row % rows.blocks) * b
          for lane in 0..<b {
            target[lane] += Double(first[lane])
            target[width + lane] += Double(second[lane])
          }
        }
      }
    }
    func total(_ offset: Int) -> [Double] {
      (0..<width).map { channel in
        (0..<tasks).reduce(0) { $0 + partials[$1 * 2 * width + offset + channel] }
      }
    }
    return (total(0), total(width))
  }

  /// One normalized addend of the apply pass: y += scale · x + shift, per channel.
  struct Term {
    var x: UnsafePointer<Float>
    var scale: [Float]
    var shift: [Float]
  }

  /// y = Σ_k (scale_k · x_k + shift_k) + Σ_j others_j (at least one term), in chunks of a row that stay in the first-level cache.
  static func apply<V: SIMD>(
    _: V.Type, terms: [Term], others: [UnsafePointer<Float>], into y: UnsafeMutablePointer<Float>,
    _ rows: Rows
  ) where V.Scalar == Float {
    let b = V.scalarCount
    let chunk = 64
    VectorLoops.parallel(rows.count) { range in
      for row in range {
        let offset = row * rows.plane * b
        let channel = (row % rows.blocks) * b
        let scales = terms.map { term in
          term.scale.withUnsafeBufferPointer { VectorLoops.load(V.self, $0.baseAddress! + channel) }
        }
        let shift = terms.reduce(V()) { total, term in
          total
            + term.shift.withUnsafeBufferPointer {
              VectorLoops.load(V.self, $0.baseAddress! + channel)
            }
        }
        var start = 0
        while start < rows.plane {
          let end = min(start + chunk, rows.plane)
          let out = y + offset
          let x0 = terms[0].x + offset
          for position in start..<end {
            let i = position * b
            VectorLoops.store(scales[0] * VectorLoops.load(V.self, x0 + i) + shift, out + i)
          }
          for k in terms.indices.dropFirst() {
            let x = terms[k].x + offset
            let a = scales[k]
            for position in start..<end {
              let i = position * b
              VectorLoops.store(
                VectorLoops.load(V.self, out + i) + a * VectorLoops.load(V.self, x + i), out + i)
            }
          }
          for other in others {
            let r = other + offset
            for position in start..<end {
              let i = position * b
              VectorLoops.store(
                VectorLoops.load(V.self, out + i) + VectorLoops.load(V.self, r + i), out + i)
            }
          }
          start = end
        }
      }
    }
  }
}

import Foundation

/// The loops of `batchNormSum` over channel-blocked activations (`nChw8c`, `nChw16c`, no padded channels).
///
/// Rows are (sample, channel block) pairs: `plane` positions of one vector of `V.scalarCount` channels each, rows
/// of one sample's blocks in order, then the next sample. Statistics use two passes (mean, then the mean squared
/// deviation) with f32 vectors along a row and f64 sums across rows.
enum BatchNormSumKernels {
  /// The geometry of a blocked tensor: samples, channel blocks, positions per channel plane.
  struct Rows {
    var samples: Int
    var blocks: Int
    var plane: Int
    var count: Int { samples * blocks }
  }

  /// Per-channel mean and biased variance of one tensor.
  static func statistics<V: SIMD>(_: V.Type, _ x: UnsafePointer<Float>, _ rows: Rows)
    -> (mean: [Float], variance: [Float]) where V.Scalar == Float
  {
    let b = V.scalarCount
    let perChannel = Double(rows.samples * rows.plane)
    let sums = channelSums(V.self, rows) { row in
      var total = V()
      let start = x + row * rows.plane * b
      for position in 0..<rows.plane { total += VectorLoops.load(V.self, start + position * b) }
      return total
    }
    let mean = sums.map { Float($0 / perChannel) }
    let squares = channelSums(V.self, rows) { row in
      let m = mean.withUnsafeBufferPointer {
        VectorLoops.load(V.self, $0.baseAddress! + (row % rows.blocks) * b)
      }
      var total = V()
      let start = x + row * rows.plane * b
      for position in 0..<rows.plane {
        let d = VectorLoops.load(V.self, start + position * b) - m
        total += d * d
      }
      return total
    }
    return (mean, squares.map { Float($0 / perChannel) })
  }

  /// Σ over rows of `rowSum(row)`, per channel, in f64; rows split over the threads.
  private static func channelSums<V: SIMD>(
    _: V.Type, _ rows: Rows, _ rowSum: (Int) -> V
  ) -> [Double] where V.Scalar == Float {
    let b = V.scalarCount
    let width = rows.blocks * b
    let tasks = min(Engine.threadCount, rows.count)
    var partials = [Double](repeating: 0, count: tasks * width)
    partials.withUnsafeMutableBufferPointer { partials in
      let partials = partials.baseAddress!
      VectorLoops.parallel(rows.count, tasks: tasks) { range, task in
        for row in range {
          let sum = rowSum(row)
          let target = partials + task * width + (row % rows.blocks) * b
          for lane in 0..<b { target[lane] += Double(sum[lane]) }
        }
      }
    }
    return (0..<width).map { channel in
      (0..<tasks).reduce(0) { $0 + partials[$1 * width + channel] }
    }
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

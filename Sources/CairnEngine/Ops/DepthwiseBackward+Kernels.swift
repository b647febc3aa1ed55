import Foundation

extension DepthwiseBackward {
  /// dx += w ⋆ᵀ g, one plane (sample, channel block) per task; taps outermost so that one weight vector stays in
  /// registers over a plane.
  static func dataKernel<V: SIMD>(
    _: V.Type, _ s: Shape, _ g: UnsafeMutablePointer<Float>, _ weights: [Float],
    _ dx: UnsafeMutablePointer<Float>
  ) where V.Scalar == Float {
    let b = V.scalarCount
    weights.withUnsafeBufferPointer { w in
      let w = UnsafePointer(w.baseAddress!)
      VectorLoops.parallel(s.planes) { planes in
        for plane in planes {
          let gPlane = g + plane * s.outputHeight * s.outputWidth * b
          let xPlane = dx + plane * s.height * s.width * b
          for tap in 0..<s.taps {
            let (u, v) = (tap / s.kernel, tap % s.kernel)
            let wv = VectorLoops.load(V.self, w + ((plane % s.blocks) * s.taps + tap) * b)
            let columns = s.outputs(tap: v, size: s.width, outputs: s.outputWidth)
            for i in s.outputs(tap: u, size: s.height, outputs: s.outputHeight) {
              let r = i * s.stride - s.padding + u * s.dilation
              for j in columns {
                let q = j * s.stride - s.padding + v * s.dilation
                let target = xPlane + (r * s.width + q) * b
                VectorLoops.store(
                  VectorLoops.load(V.self, target) + wv
                    * VectorLoops.load(V.self, gPlane + (i * s.outputWidth + j) * b),
                  target)
              }
            }
          }
        }
      }
    }
  }

  /// Σ g ⊙ x per channel block and tap ([blocks][taps][b]): each task sums its planes into its own buffer, and
  /// the buffers are added at the end.
  static func weightsKernel<V: SIMD>(
    _: V.Type, _ s: Shape, _ x: UnsafeMutablePointer<Float>, _ g: UnsafeMutablePointer<Float>
  ) -> [Float] where V.Scalar == Float {
    let b = V.scalarCount
    let size = s.blocks * s.taps * b
    let tasks = min(max(Engine.threadCount, 1), s.planes)
    let partials = UnsafeMutablePointer<Float>.allocate(capacity: tasks * size)
    partials.initialize(repeating: 0, count: tasks * size)
    defer { partials.deallocate() }
    VectorLoops.parallel(s.planes, tasks: tasks) { planes, task in
      let sums = partials + task * size
      for plane in planes {
        let gPlane = g + plane * s.outputHeight * s.outputWidth * b
        let xPlane = x + plane * s.height * s.width * b
        for tap in 0..<s.taps {
          let (u, v) = (tap / s.kernel, tap % s.kernel)
          var total = V()
          let columns = s.outputs(tap: v, size: s.width, outputs: s.outputWidth)
          for i in s.outputs(tap: u, size: s.height, outputs: s.outputHeight) {
            let r = i * s.stride - s.padding + u * s.dilation
            for j in columns {
              let q = j * s.stride - s.padding + v * s.dilation
              total +=
                VectorLoops.load(V.self, gPlane + (i * s.outputWidth + j) * b)
                * VectorLoops.load(V.self, xPlane + (r * s.width + q) * b)
            }
          }
          let sum = sums + ((plane % s.blocks) * s.taps + tap) * b
          VectorLoops.store(VectorLoops.load(V.self, sum) + total, sum)
        }
      }
    }
    var result = [Float](repeating: 0, count: size)
    for task in 0..<tasks {
      for k in 0..<size { result[k] += partials[task * size + k] }
    }
    return result
  }
}

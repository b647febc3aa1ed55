import CairnEngine
import CairnTraining

extension Communicator {
  /// A gradient reducer for data-parallel training: replaces each parameter's gradient by its mean over all
  /// ranks, so that every rank takes the same optimizer step, the one the whole (global) batch would give.
  ///
  /// Gradients travel in buckets of at most `bucketElements` floats (one allreduce each), in parameter order.
  /// Parameters without a gradient (operations the step's path did not use) are skipped; every rank must draw
  /// the same path, so the same ones are missing everywhere. A single process gets nil: nothing to reduce.
  public func gradientAveraging(bucketElements: Int = 1 << 20) -> GradientReducer? {
    guard size > 1 else { return nil }
    let scale = 1 / Float(size)
    return { [self] parameters in
      let gradients = parameters.compactMap(\.grad)
      var bucket: [Float] = []
      var members: [Tensor] = []
      func flush() {
        bucket.withUnsafeMutableBufferPointer { sum($0) }
        var offset = 0
        for gradient in members {
          gradient.withMutableValues { values in
            for i in 0..<values.count { values[i] = bucket[offset + i] * scale }
            offset += values.count
          }
        }
        bucket.removeAll(keepingCapacity: true)
        members.removeAll(keepingCapacity: true)
      }
      for gradient in gradients {
        if !bucket.isEmpty && bucket.count + gradient.elementCount > bucketElements { flush() }
        gradient.withValues { bucket.append(contentsOf: $0) }
        members.append(gradient)
      }
      if !bucket.isEmpty { flush() }
    }
  }
}

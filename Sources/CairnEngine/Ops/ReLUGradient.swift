import CDNNL

/// ReLU's backward pass as one vector loop over memory: the output gradient where the input is positive, else 0.
///
/// oneDNN 2.6's eltwise backward reads the same two tensors and writes one, yet runs about 6× slower than its
/// forward pass on the channel-blocked layouts of an NB201 step (docs/PERFORMANCE.md), so f32 tensors whose
/// gradient arrives in the input's layout take this loop. Block padding holds zeros in the input, so it gets zero
/// gradients, as oneDNN gives it.
enum ReLUGradient {
  /// Elements per task: large enough to amortize a thread wake-up, small enough to split a batch's activations.
  static let grain = 1 << 15

  /// Whether the loop applies: f32 input and output gradient in one layout.
  static func applies(input: MemoryDescriptor, gradOutput: MemoryDescriptor) -> Bool {
    OwnKernels.areEnabled && input.dataType == dnnl_f32 && input == gradOutput
  }

  /// dL/dx for ReLU(x), given dL/dy in x's layout.
  static func compute(input: Tensor, gradOutput: Tensor) -> Tensor {
    let gradInput = Tensor.output(input.descriptor, shape: input.shape)
    let count = input.descriptor.byteCount / MemoryLayout<Float>.size
    Profiler.measure("eltwise|cairn:relu backward|\(input.descriptor)") {
      withExtendedLifetime((input, gradOutput)) {
        masked(
          UnsafePointer(input.storage.floats), UnsafePointer(gradOutput.storage.floats),
          into: gradInput.storage.floats, count: count)
      }
    }
    return gradInput
  }

  /// out[i] = g[i] where x[i] > 0, else 0, for i in 0..<count, split over the threads.
  static func masked(
    _ x: UnsafePointer<Float>, _ g: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>,
    count: Int
  ) {
    typealias V = SIMD16<Float>
    let vectors = count / V.scalarCount
    VectorLoops.parallel(vectors, tasks: min(Engine.threadCount, max(count / grain, 1))) {
      range, _ in
      for vector in range {
        let i = vector * V.scalarCount
        let value = VectorLoops.load(V.self, x + i)
        let gradient = VectorLoops.load(V.self, g + i)
        VectorLoops.store(gradient.replacing(with: 0, where: .!(value .> 0)), out + i)
      }
    }
    for i in (vectors * V.scalarCount)..<count { out[i] = x[i] > 0 ? g[i] : 0 }
  }
}

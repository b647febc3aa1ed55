/// NB201's and DARTS's `avg_pool_3x3` (3×3 window, stride 1, padding 1, padding excluded from the count) by
/// Cairn's own separable loops (`BoxPoolKernels`) when x is in an unpadded channel-blocked layout; nil otherwise,
/// for oneDNN's pooling to handle.
func boxAveragePool(_ x: Tensor) -> Tensor? {
  guard OwnKernels.areEnabled, let block = x.descriptor.unpaddedChannelBlock else { return nil }
  let output = Tensor.output(x.descriptor, shape: x.shape)
  runBoxPool(x, into: output, block: block, weighting: .output)
  return Tensor.record("average pool", output: output, inputs: [x]) { g in
    let gradOutput = g.converted(to: x.descriptor, shape: x.shape)
    let gradInput = Tensor.output(x.descriptor, shape: x.shape)
    runBoxPool(gradOutput, into: gradInput, block: block, weighting: .input)
    return [gradInput]
  }
}

/// Runs the box-sum kernel of `block`-channel vectors from `source` into `target` (same blocked layout).
private func runBoxPool(
  _ source: Tensor, into target: Tensor, block: Int, weighting: BoxPoolKernels.Weighting
) {
  let shape = source.shape
  let planes = BoxPoolKernels.Planes(
    count: shape[0] * shape[1] / block, height: shape[2], width: shape[3])
  let direction = weighting == .output ? "forward" : "backward"
  Profiler.measure("pooling|cairn:box 3x3 \(direction)|\(source.descriptor)") {
    withExtendedLifetime(source) {
      let x = UnsafePointer(source.storage.floats)
      if block == 16 {
        BoxPoolKernels.run(
          SIMD16<Float>.self, x, into: target.storage.floats, planes, weighting: weighting)
      } else {
        BoxPoolKernels.run(
          SIMD8<Float>.self, x, into: target.storage.floats, planes, weighting: weighting)
      }
    }
  }
}

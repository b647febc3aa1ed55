extension Tensor {
  /// Multiplies every sample (index along axis 0) by its own constant: y[n, …] = f[n] · x[n, …].
  ///
  /// DARTS's drop-path: f[n] = mask[n] / keep with mask[n] ~ Bernoulli(keep) drops whole samples of an op's output
  /// and rescales the rest. x is [N, …] with N = `factors.count`, in any layout whose samples are contiguous (plain,
  /// `nChw8c`, `nChw16c`; others are converted to plain); the output keeps that layout. The factors are constants:
  /// gradient g[n, …] · f[n] to x only. Cost: one pass over the tensor.
  public func scaledPerSample(by factors: [Float]) -> Tensor {
    precondition(
      !shape.isEmpty && factors.count == shape[0],
      "scaledPerSample needs one factor per sample: \(factors.count) factors for shape \(shape)")
    let output = SampleScaling.apply(self, factors)
    return Tensor.record("scale per sample", output: output, inputs: [self]) { g in
      [SampleScaling.apply(g.converted(to: self.descriptor, shape: self.shape), factors)]
    }
  }
}

enum SampleScaling {
  /// f[n] · x[n, …] in x's layout (plain when its samples are not contiguous). Not tracked.
  static func apply(_ x: Tensor, _ factors: [Float]) -> Tensor {
    let sampleMajor = x.shape.count == 4 ? x.descriptor.planeChannelBlock != nil : x.isPlain
    guard sampleMajor else { return apply(x.plain(), factors) }
    let output = Tensor.output(x.descriptor, shape: x.shape)
    let stride = x.descriptor.byteCount / (4 * factors.count)
    withExtendedLifetime(x) {
      let source = x.storage.floats
      let target = output.storage.floats
      for (sample, factor) in factors.enumerated() {
        let start = sample * stride
        for i in start..<(start + stride) { target[i] = factor * source[i] }
      }
    }
    return output
  }
}

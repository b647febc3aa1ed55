extension Tensor {
  /// Parametric ReLU with one learnable slope a shared by all elements (PyTorch's `nn.PReLU()`):
  /// x where x > 0, else a·x. Element-wise over the tensor's memory, so any layout works.
  ///
  /// Gradients: dx = g where x > 0, else a·g; da = Σ g·min(x, 0).
  public func prelu(slope: Tensor) -> Tensor {
    precondition(slope.elementCount == 1, "a PReLU slope has one element, shape is \(slope.shape)")
    let a = slope.item
    let count = descriptor.byteCount / MemoryLayout<Float>.stride
    let output = Tensor.output(descriptor, shape: shape)
    let x = storage.floats
    let y = output.storage.floats
    for i in 0..<count { y[i] = x[i] > 0 ? x[i] : a * x[i] }
    return Tensor.record("prelu", output: output, inputs: [self, slope]) { g in
      let x = self.storage.floats
      let converted = g.converted(to: self.descriptor, shape: self.shape)
      defer { withExtendedLifetime(converted) {} }
      let gradOutput = converted.storage.floats
      var gradInput: Tensor?
      if self.requiresGrad {
        let result = Tensor.output(self.descriptor, shape: self.shape)
        let dx = result.storage.floats
        for i in 0..<count { dx[i] = x[i] > 0 ? gradOutput[i] : a * gradOutput[i] }
        gradInput = result
      }
      var gradSlope: Tensor?
      if slope.requiresGrad {
        var total = 0.0
        for i in 0..<count where x[i] < 0 { total += Double(gradOutput[i] * x[i]) }
        gradSlope = Tensor(shape: slope.shape, values: [Float(total)])
      }
      return [gradInput, gradSlope]
    }
  }
}

import CDNNL

/// oneDNN element-wise primitives (forward and backward) for an activation function.
enum Eltwise {
  static func forward(
    _ algorithm: dnnl_alg_kind_t, _ name: String, _ descriptor: MemoryDescriptor, training: Bool
  )
    -> Primitive
  {
    PrimitiveCache.primitive("eltwise fwd \(name) \(training) \(descriptor.key)") {
      var op = dnnl_eltwise_desc_t()
      var md = descriptor.raw
      let prop = training ? dnnl_forward_training : dnnl_forward_inference
      check(
        dnnl_eltwise_forward_desc_init(&op, prop, algorithm, &md, 0, 0),
        "\(name) forward descriptor")
      return Primitive(operation: &op, context: "\(name) forward")
    }
  }

  static func backward(_ algorithm: dnnl_alg_kind_t, _ name: String, _ descriptor: MemoryDescriptor)
    -> Primitive
  {
    PrimitiveCache.primitive("eltwise bwd \(name) \(descriptor.key)") {
      let hint = forward(algorithm, name, descriptor, training: true)
      var op = dnnl_eltwise_desc_t()
      var md = descriptor.raw
      var diff = descriptor.raw
      check(
        dnnl_eltwise_backward_desc_init(&op, algorithm, &diff, &md, 0, 0),
        "\(name) backward descriptor")
      return Primitive(operation: &op, hint: hint, context: "\(name) backward")
    }
  }
}

extension Tensor {
  /// max(0, x), element-wise. Gradient: g where x > 0, else 0.
  public func relu() -> Tensor {
    let training = GradMode.isEnabled && requiresGrad
    let output = Tensor.output(descriptor, shape: shape)
    Eltwise.forward(dnnl_eltwise_relu, "relu", descriptor, training: training).execute([
      (DNNL_ARG_SRC, self), (DNNL_ARG_DST, output),
    ])
    return Tensor.record("relu", output: output, inputs: [self]) { g in
      let gradOutput = g.converted(to: self.descriptor, shape: self.shape)
      let gradInput = Tensor.output(self.descriptor, shape: self.shape)
      Eltwise.backward(dnnl_eltwise_relu, "relu", self.descriptor).execute([
        (DNNL_ARG_SRC, self), (DNNL_ARG_DIFF_DST, gradOutput), (DNNL_ARG_DIFF_SRC, gradInput),
      ])
      return [gradInput]
    }
  }
}

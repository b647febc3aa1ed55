import CDNNL

enum InnerProductPlan {
  static func forward(batch: Int, input: Int, output: Int, bias: Bool, training: Bool) -> Primitive
  {
    PrimitiveCache.primitive("ip fwd \(training) \(batch) \(input) \(output) \(bias)") {
      var op = dnnl_inner_product_desc_t()
      var src = MemoryDescriptor.plain([batch, input]).raw
      var wei = MemoryDescriptor.plain([output, input]).raw
      var b = MemoryDescriptor.plain([output]).raw
      var dst = MemoryDescriptor.plain([batch, output]).raw
      let prop = training ? dnnl_forward_training : dnnl_forward_inference
      let status = withOptionalPointer(to: &b, if: bias) {
        dnnl_inner_product_forward_desc_init(&op, prop, &src, &wei, $0, &dst)
      }
      check(status, "inner product forward descriptor")
      return Primitive(operation: &op, context: "inner product forward")
    }
  }

  static func backwardData(batch: Int, input: Int, output: Int, bias: Bool) -> Primitive {
    PrimitiveCache.primitive("ip bwd data \(batch) \(input) \(output) \(bias)") {
      let hint = forward(batch: batch, input: input, output: output, bias: bias, training: true)
      var op = dnnl_inner_product_desc_t()
      var src = MemoryDescriptor.plain([batch, input]).raw
      var wei = MemoryDescriptor.plain([output, input]).raw
      var dst = MemoryDescriptor.plain([batch, output]).raw
      check(
        dnnl_inner_product_backward_data_desc_init(&op, &src, &wei, &dst),
        "inner product backward-data")
      return Primitive(operation: &op, hint: hint, context: "inner product backward data")
    }
  }

  static func backwardWeights(batch: Int, input: Int, output: Int, bias: Bool) -> Primitive {
    PrimitiveCache.primitive("ip bwd weights \(batch) \(input) \(output) \(bias)") {
      let hint = forward(batch: batch, input: input, output: output, bias: bias, training: true)
      var op = dnnl_inner_product_desc_t()
      var src = MemoryDescriptor.plain([batch, input]).raw
      var wei = MemoryDescriptor.plain([output, input]).raw
      var b = MemoryDescriptor.plain([output]).raw
      var dst = MemoryDescriptor.plain([batch, output]).raw
      let status = withOptionalPointer(to: &b, if: bias) {
        dnnl_inner_product_backward_weights_desc_init(&op, &src, &wei, $0, &dst)
      }
      check(status, "inner product backward-weights")
      return Primitive(operation: &op, hint: hint, context: "inner product backward weights")
    }
  }
}

/// A fully connected layer: y = x Wᵀ + b for x [N, I], W [O, I], b [O].
public func linear(_ x: Tensor, weight: Tensor, bias: Tensor? = nil) -> Tensor {
  precondition(x.shape.count == 2, "linear input must be [N, I], shape is \(x.shape)")
  let (batch, input) = (x.shape[0], x.shape[1])
  precondition(
    weight.shape.count == 2 && weight.shape[1] == input,
    "linear weight \(weight.shape) does not fit input \(x.shape)")
  let output = weight.shape[0]
  if let bias {
    precondition(bias.shape == [output], "linear bias must be [\(output)], shape is \(bias.shape)")
  }
  let hasBias = bias != nil
  let needsGradient =
    GradMode.isEnabled && (x.requiresGrad || weight.requiresGrad || bias?.requiresGrad == true)
  let source = x.plain()
  let weightPlain = weight.plain()
  let result = Tensor(zeros: [batch, output])
  var arguments: [(Int32, Tensor)] = [
    (DNNL_ARG_SRC, source), (DNNL_ARG_WEIGHTS, weightPlain), (DNNL_ARG_DST, result),
  ]
  if let bias { arguments.append((DNNL_ARG_BIAS, bias.plain())) }
  InnerProductPlan.forward(
    batch: batch, input: input, output: output, bias: hasBias, training: needsGradient
  )
  .execute(arguments)

  let inputs = [x, weight] + (bias.map { [$0] } ?? [])
  return Tensor.record("linear", output: result, inputs: inputs) { g in
    let gradOutput = g.plain()
    var gradients: [Tensor?] = [nil, nil]
    if x.requiresGrad {
      let gradInput = Tensor(zeros: x.shape)
      InnerProductPlan.backwardData(batch: batch, input: input, output: output, bias: hasBias)
        .execute([
          (DNNL_ARG_DIFF_DST, gradOutput), (DNNL_ARG_WEIGHTS, weightPlain),
          (DNNL_ARG_DIFF_SRC, gradInput),
        ])
      gradients[0] = gradInput
    }
    if weight.requiresGrad || bias?.requiresGrad == true {
      let gradWeight = Tensor(zeros: weight.shape)
      var args: [(Int32, Tensor)] = [
        (DNNL_ARG_SRC, source), (DNNL_ARG_DIFF_DST, gradOutput),
        (DNNL_ARG_DIFF_WEIGHTS, gradWeight),
      ]
      let gradBias = bias.map { Tensor(zeros: $0.shape) }
      if let gradBias { args.append((DNNL_ARG_DIFF_BIAS, gradBias)) }
      InnerProductPlan.backwardWeights(batch: batch, input: input, output: output, bias: hasBias)
        .execute(args)
      gradients[1] = gradWeight
      if let gradBias { gradients.append(gradBias) }
    } else if hasBias {
      gradients.append(nil)
    }
    return gradients
  }
}

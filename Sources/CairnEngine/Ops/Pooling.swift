import CDNNL

/// The reduction a pooling window applies.
public enum PoolingKind: String, Sendable {
  /// Maximum over the window.
  case max
  /// Mean over the window's in-bounds elements (PyTorch's `count_include_pad=False`).
  case average

  var algorithm: dnnl_alg_kind_t {
    self == .max ? dnnl_pooling_max : dnnl_pooling_avg_exclude_padding
  }
}

struct PoolingPlan {
  let kind: PoolingKind
  let source: MemoryDescriptor
  let output: [Int]
  let kernel: (Int, Int)
  let stride: Int
  let padding: Int

  var key: String {
    "\(kind) \(source.key) \(output) k\(kernel.0)x\(kernel.1) s\(stride) p\(padding)"
  }

  private func describe(
    _ body: (UnsafePointer<Int64>, UnsafePointer<Int64>, UnsafePointer<Int64>, UnsafePointer<Int64>)
      -> Void
  ) {
    let strides: [Int64] = [Int64(stride), Int64(stride)]
    let kernels: [Int64] = [Int64(kernel.0), Int64(kernel.1)]
    let dilations: [Int64] = [0, 0]
    let paddings: [Int64] = [Int64(padding), Int64(padding)]
    body(strides, kernels, dilations, paddings)
  }

  func forward(training: Bool) -> Primitive {
    PrimitiveCache.primitive("pool fwd \(training) \(key)") {
      var op = dnnl_pooling_v2_desc_t()
      var src = source.raw
      var dst = MemoryDescriptor.any(output).raw
      let prop = training ? dnnl_forward_training : dnnl_forward_inference
      describe { s, k, d, p in
        check(
          dnnl_pooling_v2_forward_desc_init(&op, prop, kind.algorithm, &src, &dst, s, k, d, p, p),
          "pooling forward descriptor \(key)")
      }
      return Primitive(operation: &op, context: "pooling forward \(key)")
    }
  }

  func backward() -> Primitive {
    PrimitiveCache.primitive("pool bwd \(key)") {
      let hint = forward(training: true)
      var op = dnnl_pooling_v2_desc_t()
      var diffSrc = source.raw
      var diffDst = hint.descriptor(for: DNNL_ARG_DST).raw
      describe { s, k, d, p in
        check(
          dnnl_pooling_v2_backward_desc_init(
            &op, kind.algorithm, &diffSrc, &diffDst, s, k, d, p, p),
          "pooling backward descriptor \(key)")
      }
      return Primitive(operation: &op, hint: hint, context: "pooling backward \(key)")
    }
  }
}

/// Runs a pooling plan on x and records its pullback.
private func pool(_ x: Tensor, _ plan: PoolingPlan, outputShape: [Int], name: String) -> Tensor {
  let needsGradient = GradMode.isEnabled && x.requiresGrad
  let forward = plan.forward(training: needsGradient)
  let output = Tensor.output(forward.descriptor(for: DNNL_ARG_DST), shape: outputShape)
  var arguments: [(Int32, Tensor)] = [(DNNL_ARG_SRC, x), (DNNL_ARG_DST, output)]
  var workspace: Tensor?
  if needsGradient && plan.kind == .max {
    let ws = Tensor(descriptor: forward.descriptor(for: DNNL_ARG_WORKSPACE), shape: [1])
    arguments.append((DNNL_ARG_WORKSPACE, ws))
    workspace = ws
  }
  forward.execute(arguments)
  // the pullback must not capture `output` (a retain cycle)
  let outputDescriptor = output.descriptor
  return Tensor.record(name, output: output, inputs: [x]) { g in
    let gradOutput = g.converted(to: outputDescriptor, shape: outputShape)
    let gradInput = Tensor.output(x.descriptor, shape: x.shape)
    var args: [(Int32, Tensor)] = [(DNNL_ARG_DIFF_DST, gradOutput), (DNNL_ARG_DIFF_SRC, gradInput)]
    if let workspace { args.append((DNNL_ARG_WORKSPACE, workspace)) }
    plan.backward().execute(args)
    return [gradInput]
  }
}

/// 2-D max or average pooling of x [N, C, H, W] with a square window.
///
/// Output size ⌊(n + 2p − k) / s⌋ + 1. Average pooling divides by the number of in-bounds elements of each window.
public func pool2d(_ x: Tensor, _ kind: PoolingKind, kernel: Int, stride: Int, padding: Int = 0)
  -> Tensor
{
  precondition(x.shape.count == 4, "pool2d input must be [N, C, H, W], shape is \(x.shape)")
  precondition(
    kernel > 0 && stride > 0 && padding >= 0 && 2 * padding <= kernel, "invalid pooling geometry")
  let outputShape = [
    x.shape[0], x.shape[1], (x.shape[2] + 2 * padding - kernel) / stride + 1,
    (x.shape[3] + 2 * padding - kernel) / stride + 1,
  ]
  let plan = PoolingPlan(
    kind: kind, source: x.descriptor, output: outputShape, kernel: (kernel, kernel), stride: stride,
    padding: padding)
  return pool(x, plan, outputShape: outputShape, name: "\(kind) pool")
}

/// Global average pooling: x [N, C, H, W] → [N, C], the mean over each channel's H·W values.
public func globalAveragePool(_ x: Tensor) -> Tensor {
  precondition(
    x.shape.count == 4, "globalAveragePool input must be [N, C, H, W], shape is \(x.shape)")
  let (n, c) = (x.shape[0], x.shape[1])
  let plan = PoolingPlan(
    kind: .average, source: x.descriptor, output: [n, c, 1, 1], kernel: (x.shape[2], x.shape[3]),
    stride: 1,
    padding: 0)
  return pool(x, plan, outputShape: [n, c, 1, 1], name: "global average pool").reshaped([n, c])
}

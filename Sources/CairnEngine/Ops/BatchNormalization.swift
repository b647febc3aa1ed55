import CDNNL

/// Which statistics batch normalization normalizes with.
public enum BatchNormStatistics {
  /// The mean and (biased) variance of the current batch, per channel.
  case batch
  /// Given per-channel mean and variance (running statistics), treated as constants.
  case given(mean: Tensor, variance: Tensor)
}

/// The result of batch normalization: the output and, with batch statistics, the batch mean and biased variance.
public struct BatchNormResult {
  public let output: Tensor
  public let batchMean: Tensor?
  public let batchVariance: Tensor?
}

enum BatchNormPlan {
  static func flags(affine: Bool, givenStatistics: Bool) -> UInt32 {
    var flags: UInt32 = 0
    if affine { flags |= dnnl_use_scale.rawValue | dnnl_use_shift.rawValue }
    if givenStatistics { flags |= dnnl_use_global_stats.rawValue }
    return flags
  }

  static func forward(_ descriptor: MemoryDescriptor, flags: UInt32, epsilon: Float, training: Bool)
    -> Primitive
  {
    PrimitiveCache.primitive("bn fwd \(training) \(flags) \(epsilon) \(descriptor.key)") {
      var op = dnnl_batch_normalization_desc_t()
      var md = descriptor.raw
      let prop = training ? dnnl_forward_training : dnnl_forward_inference
      check(
        dnnl_batch_normalization_forward_desc_init(&op, prop, &md, epsilon, flags),
        "batch-norm forward descriptor")
      return Primitive(operation: &op, context: "batch-norm forward")
    }
  }

  static func backward(_ descriptor: MemoryDescriptor, flags: UInt32, epsilon: Float) -> Primitive {
    PrimitiveCache.primitive("bn bwd \(flags) \(epsilon) \(descriptor.key)") {
      let hint = forward(descriptor, flags: flags, epsilon: epsilon, training: true)
      var op = dnnl_batch_normalization_desc_t()
      var md = descriptor.raw
      var diff = descriptor.raw
      let affine = flags & dnnl_use_scale.rawValue != 0
      check(
        dnnl_batch_normalization_backward_desc_init(
          &op, affine ? dnnl_backward : dnnl_backward_data, &diff, &md, epsilon, flags),
        "batch-norm backward descriptor")
      return Primitive(operation: &op, hint: hint, context: "batch-norm backward")
    }
  }

  /// The gradients of batch normalization of `source` with the statistics it was normalized with: the input's,
  /// then the scale's and shift's when affine.
  static func backward(
    source: Tensor, mean: Tensor, variance: Tensor, gradOutput g: Tensor, scale: Tensor?,
    shift: Tensor?, flags: UInt32, epsilon: Float
  ) -> [Tensor?] {
    let descriptor = source.descriptor
    let gradOutput = g.converted(to: descriptor, shape: source.shape)
    let gradInput = Tensor.output(descriptor, shape: source.shape)
    var args: [(Int32, Tensor)] = [
      (DNNL_ARG_SRC, source), (DNNL_ARG_MEAN, mean), (DNNL_ARG_VARIANCE, variance),
      (DNNL_ARG_DIFF_DST, gradOutput), (DNNL_ARG_DIFF_SRC, gradInput),
    ]
    guard let scale, let shift else {
      backward(descriptor, flags: flags, epsilon: epsilon).execute(args)
      return [gradInput]
    }
    let channels = source.shape[1]
    let gradScale = Tensor(zeros: [channels])
    let gradShift = Tensor(zeros: [channels])
    // oneDNN 2.6 insists on the shift argument in backward although it does not read it.
    args += [
      (DNNL_ARG_SCALE, scale), (DNNL_ARG_SHIFT, shift), (DNNL_ARG_DIFF_SCALE, gradScale),
      (DNNL_ARG_DIFF_SHIFT, gradShift),
    ]
    backward(descriptor, flags: flags, epsilon: epsilon).execute(args)
    return [gradInput, gradScale, gradShift]
  }
}

/// Batch normalization of x [N, C, H, W] (or [N, C]) per channel: y = γ · (x − μ) / √(σ² + ε) + β.
///
/// With `.batch` statistics, μ and σ² are the batch mean and biased variance, and the gradient flows through them
/// (the full batch-norm backward). With `.given` statistics they are constants. γ (`scale`) and β (`shift`) are
/// optional together (affine or not).
public func batchNorm(
  _ x: Tensor, scale: Tensor?, shift: Tensor?, statistics: BatchNormStatistics,
  epsilon: Float = 1e-5
) -> BatchNormResult {
  precondition(
    x.shape.count == 4 || x.shape.count == 2,
    "batchNorm input must be 4-D or 2-D, shape is \(x.shape)")
  precondition((scale == nil) == (shift == nil), "batchNorm needs both scale and shift, or neither")
  let channels = x.shape[1]
  if let scale, let shift {
    precondition(
      scale.shape == [channels] && shift.shape == [channels],
      "batchNorm scale/shift must be [\(channels)]")
  }
  let source = x.shape.count == 2 ? x.plain() : x
  let descriptor = source.descriptor
  var givenMean: Tensor?
  var givenVariance: Tensor?
  if case .given(let mean, let variance) = statistics {
    precondition(
      mean.shape == [channels] && variance.shape == [channels],
      "batchNorm statistics must be [\(channels)]")
    givenMean = mean.plain()
    givenVariance = variance.plain()
  }
  let affine = scale != nil
  let flags = BatchNormPlan.flags(affine: affine, givenStatistics: givenMean != nil)
  let needsGradient =
    GradMode.isEnabled
    && (x.requiresGrad || scale?.requiresGrad == true || shift?.requiresGrad == true)
  // Batch statistics are outputs only of a training-mode forward; use it whenever they are needed.
  let training = needsGradient || givenMean == nil
  let forward = BatchNormPlan.forward(
    descriptor, flags: flags, epsilon: epsilon, training: training)
  let output = Tensor.output(descriptor, shape: x.shape)
  let mean = givenMean ?? Tensor(zeros: [channels])
  let variance = givenVariance ?? Tensor(zeros: [channels])
  var arguments: [(Int32, Tensor)] = [
    (DNNL_ARG_SRC, source), (DNNL_ARG_DST, output), (DNNL_ARG_MEAN, mean),
    (DNNL_ARG_VARIANCE, variance),
  ]
  let scalePlain = scale?.plain()
  let shiftPlain = shift?.plain()
  if let scalePlain, let shiftPlain {
    arguments += [(DNNL_ARG_SCALE, scalePlain), (DNNL_ARG_SHIFT, shiftPlain)]
  }
  forward.execute(arguments)

  let inputs = [x] + (scale.map { [$0, shift!] } ?? [])
  let result = Tensor.record("batchNorm", output: output, inputs: inputs) { g in
    BatchNormPlan.backward(
      source: source, mean: mean, variance: variance, gradOutput: g, scale: scalePlain,
      shift: shiftPlain, flags: flags, epsilon: epsilon)
  }
  return BatchNormResult(
    output: result, batchMean: givenMean == nil ? mean : nil,
    batchVariance: givenMean == nil ? variance : nil)
}

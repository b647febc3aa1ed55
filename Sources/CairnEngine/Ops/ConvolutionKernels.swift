import CDNNL

/// One convolution's three oneDNN kernels on fixed random data, run one at a time: for benchmarks and profiling.
public final class ConvolutionKernels {
  private let plan: ConvolutionPlan
  private let source: Tensor
  private let backwardSource: Tensor
  private let plainWeight: Tensor
  private let weightForward: Tensor
  private let weightBackward: Tensor
  private let output: Tensor
  private let gradOutput: Tensor
  private let gradInput: Tensor
  private let gradWeight: Tensor
  private let forwardPrimitive: Primitive
  private let backwardDataPrimitive: Primitive
  private let backwardWeightsPrimitive: Primitive

  /// Floating-point operations of one pass: 2 · N · O · OH · OW · (C / groups) · kh · kw.
  public let flops: Double

  public init(
    input: [Int], weight: [Int], geometry: Conv2DGeometry = Conv2DGeometry(),
    precision: ConvolutionPrecision = .float32
  ) {
    let outputShape = [
      input[0], weight[0], geometry.outputSize(input[2], kernel: weight[2]),
      geometry.outputSize(input[3], kernel: weight[3]),
    ]
    plan = ConvolutionPlan(
      source: input, weight: weight, output: outputShape, hasBias: false, geometry: geometry,
      precision: precision)
    forwardPrimitive = plan.forward(training: true)
    backwardDataPrimitive = plan.backwardData()
    backwardWeightsPrimitive = plan.backwardWeights()
    func filled(_ descriptor: MemoryDescriptor, _ shape: [Int]) -> Tensor {
      let plain = Tensor(repeating: 0.01, shape: shape)
      return plain.converted(to: descriptor, shape: shape)
    }
    source = filled(forwardPrimitive.descriptor(for: DNNL_ARG_SRC), input)
    backwardSource = source.converted(to: backwardWeightsPrimitive.descriptor(for: DNNL_ARG_SRC))
    // grouped convolutions see the weight as goihw
    plainWeight = Tensor(repeating: 0.01, shape: weight)
    let viewedWeight = plainWeight.viewing(as: plan.plainWeightDescriptor, shape: weight)
    weightForward = viewedWeight.converted(to: forwardPrimitive.descriptor(for: DNNL_ARG_WEIGHTS))
    weightBackward = viewedWeight.converted(
      to: backwardDataPrimitive.descriptor(for: DNNL_ARG_WEIGHTS))
    output = Tensor(descriptor: forwardPrimitive.descriptor(for: DNNL_ARG_DST), shape: outputShape)
    gradOutput = filled(
      backwardDataPrimitive.descriptor(for: DNNL_ARG_DIFF_DST), outputShape)
    gradInput = Tensor(
      descriptor: backwardDataPrimitive.descriptor(for: DNNL_ARG_DIFF_SRC), shape: input)
    gradWeight = Tensor(
      descriptor: backwardWeightsPrimitive.descriptor(for: DNNL_ARG_DIFF_WEIGHTS), shape: weight)
    flops = 2 * Double(outputShape.reduce(1, *)) * Double(weight[1] * weight[2] * weight[3])
  }

  public func forward() {
    forwardPrimitive.execute([
      (DNNL_ARG_SRC, source), (DNNL_ARG_WEIGHTS, weightForward), (DNNL_ARG_DST, output),
    ])
  }

  /// The backward-data pass as `conv2d` runs it (Cairn's depthwise kernel where oneDNN has only a reference one).
  public func backwardData() {
    if plan.runsDepthwiseBackwardData {
      _ = DepthwiseBackward.data(gradOutput: gradOutput, weight: plainWeight, plan: plan)
      return
    }
    backwardDataPrimitive.execute([
      (DNNL_ARG_DIFF_DST, gradOutput), (DNNL_ARG_WEIGHTS, weightBackward),
      (DNNL_ARG_DIFF_SRC, gradInput),
    ])
  }

  /// The backward-weights pass as `conv2d` runs it.
  public func backwardWeights() {
    if plan.runsDepthwiseBackwardWeights {
      _ = DepthwiseBackward.weights(source: source, gradOutput: gradOutput, plan: plan)
      return
    }
    backwardWeightsPrimitive.execute([
      (DNNL_ARG_SRC, backwardSource), (DNNL_ARG_DIFF_DST, gradOutput),
      (DNNL_ARG_DIFF_WEIGHTS, gradWeight),
    ])
  }

  /// The implementations that run forward, backward-data and backward-weights: oneDNN's choice, or
  /// `cairn:depthwise` where Cairn's depthwise kernel replaces a reference one.
  public var implementations: [String] {
    [
      forwardPrimitive.implementation,
      plan.runsDepthwiseBackwardData ? "cairn:depthwise" : backwardDataPrimitive.implementation,
      plan.runsDepthwiseBackwardWeights
        ? "cairn:depthwise" : backwardWeightsPrimitive.implementation,
    ]
  }
}

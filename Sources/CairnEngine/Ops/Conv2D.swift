import CDNNL

/// The geometry of a 2-D convolution.
public struct Conv2DGeometry: Hashable, Sendable, CustomStringConvertible {
  public var stride: Int
  public var padding: Int
  public var dilation: Int
  public var groups: Int

  public init(stride: Int = 1, padding: Int = 0, dilation: Int = 1, groups: Int = 1) {
    precondition(
      stride > 0 && padding >= 0 && dilation > 0 && groups > 0, "invalid convolution geometry")
    self.stride = stride
    self.padding = padding
    self.dilation = dilation
    self.groups = groups
  }

  /// Output size along one spatial axis: ⌊(n + 2p − d(k − 1) − 1) / s⌋ + 1.
  public func outputSize(_ input: Int, kernel: Int) -> Int {
    (input + 2 * padding - dilation * (kernel - 1) - 1) / stride + 1
  }

  public var description: String { "s\(stride)p\(padding)d\(dilation)g\(groups)" }
}

/// oneDNN convolution primitives for one configuration (forward, backward-data, backward-weights).
struct ConvolutionPlan {
  let source: [Int]
  let weight: [Int]
  let output: [Int]
  let hasBias: Bool
  let geometry: Conv2DGeometry
  /// The requested precision; `computesInBFloat16` says whether this convolution honours it.
  var precision = ConvolutionPrecision.float32

  var key: String { "\(source) \(weight) \(hasBias) \(geometry) \(operandType.rawValue)" }

  /// Whether the kernels read bf16 operands: asked for, and an ungrouped convolution whose channel counts fill
  /// 16-channel blocks on both sides, the layout of oneDNN's AVX-512 bf16 kernels. Images, other widths and
  /// grouped convolutions stay f32: oneDNN 2.6 has no bf16 JIT kernels for some of them.
  var computesInBFloat16: Bool {
    precision == .bfloat16 && Engine.supportsBFloat16 && geometry.groups == 1
      && source[1] % 16 == 0 && output[1] % 16 == 0
  }

  /// The element type of the kernels' operands (source, weights, output gradient).
  var operandType: dnnl_data_type_t { computesInBFloat16 ? dnnl_bf16 : dnnl_f32 }

  /// Inputs with at most this many channels are images (grey or colour), read in the plain layout.
  static let imageChannelLimit = 3

  /// The weight tensor's logical layout as oneDNN sees it: oihw, or goihw for grouped convolutions.
  var plainWeightDescriptor: MemoryDescriptor {
    let g = geometry.groups
    if g == 1 { return .plain(weight) }
    return MemoryDescriptor([g, weight[0] / g, weight[1], weight[2], weight[3]], dnnl_goihw)
  }

  private var oneDNNWeightDims: [Int] { plainWeightDescriptor.dims }
  private var strides: [Int64] { [Int64(geometry.stride), Int64(geometry.stride)] }
  private var dilates: [Int64] { [Int64(geometry.dilation - 1), Int64(geometry.dilation - 1)] }
  private var paddings: [Int64] { [Int64(geometry.padding), Int64(geometry.padding)] }

  /// The activation layouts, chosen so that every pass of every NB201 convolution has a JIT kernel in oneDNN 2.6.
  ///
  /// - Channels that fill the CPU's vector width (16 with AVX-512, 8 with AVX2) on both sides: oneDNN chooses
  ///   when training (`nChw16c` or `nChw8c`); inference asks for the same blocked layout, for which oneDNN would
  ///   choose channels-last, so that evaluation keeps the layout Cairn's fused node sums read and reorders
  ///   nothing between a blocked stem and the cells (except grouped convolutions without blocked JIT kernels).
  /// - Other multiples of 8 (C = 8 super-nets on an AVX-512 CPU): `nChw8c` on both sides, which the AVX2 kernels
  ///   serve. Left to choose, oneDNN's AVX-512 kernels take a plain source and leave the backward passes to
  ///   reference code, about 80 times slower per step.
  /// - A 1- or 3-channel image input: read in the plain `nchw` layout it arrives in, written in the channel-blocked
  ///   layout its consumers use. A blocked source falls back to reference kernels; a channels-last output makes
  ///   every consumer of the stem reorder it.
  /// - Any other channel count (NB101's vertex widths such as 11 or 21): `nChw8c` padded with zero channels up
  ///   to the next multiple of 8, which the AVX2 kernels serve; a plain layout leaves every pass to reference code,
  ///   about 100 times slower.
  /// - Fewer than 8 input channels (C = 4 super-nets): the forward pass reads a plain source, like an image, and
  ///   the backward passes use the padded `nChw8c` layout (`backwardSource`). oneDNN 2.6's JIT forward
  ///   kernels treat so narrow an input as a first layer and take it plain only; on a blocked source the forward
  ///   pass ran reference code, about 500 times slower.
  private func activationDescriptor(training: Bool) -> (
    source: MemoryDescriptor, output: MemoryDescriptor
  ) {
    let width = Engine.channelBlock
    let (inputs, outputs) = (source[1], output[1])
    if inputs <= Self.imageChannelLimit || readsNarrowSource {
      let block = outputs % width == 0 ? width : 8
      return (MemoryDescriptor(source, dnnl_nchw), .blocked(output, channelBlock: block))
    }
    if inputs % width == 0 && outputs % width == 0 {
      guard !training, blockedInferenceHasKernels(inputs: inputs, outputs: outputs, width: width)
      else {
        return (.any(source), .any(output))
      }
      return (.blocked(source, channelBlock: width), .blocked(output, channelBlock: width))
    }
    return (.blocked(source), .blocked(output))
  }

  /// Whether oneDNN 2.6 has JIT inference kernels for blocked activations of this convolution: depthwise, or each
  /// group's channel counts fill blocks (as an ungrouped convolution's do here). Other grouped convolutions run
  /// reference code on a blocked source and keep oneDNN's choice.
  private func blockedInferenceHasKernels(inputs: Int, outputs: Int, width: Int) -> Bool {
    let groups = geometry.groups
    let depthwise = groups == inputs && groups == outputs
    return depthwise || ((inputs / groups) % width == 0 && (outputs / groups) % width == 0)
  }

  /// Whether the input is narrower than one 8-channel block but not an image (see `activationDescriptor(training:)`).
  var readsNarrowSource: Bool {
    geometry.groups == 1 && source[1] > Self.imageChannelLimit && source[1] < 8
  }

  /// The source layout of the backward passes (the input gradient's, the input the weight gradient reads): the
  /// forward source's, except for a narrow input, whose plain layout only reference backward kernels take.
  private func backwardSource(hint: Primitive) -> MemoryDescriptor {
    readsNarrowSource ? .blocked(source) : hint.descriptor(for: DNNL_ARG_SRC)
  }

  func forward(training: Bool) -> Primitive {
    PrimitiveCache.primitive("conv fwd \(training) \(key)") {
      var op = dnnl_convolution_desc_t()
      let activations = activationDescriptor(training: training)
      var src = activations.source.with(dataType: operandType).raw
      var wei = MemoryDescriptor.any(oneDNNWeightDims, dataType: operandType).raw
      var bias = MemoryDescriptor.plain([output[1]]).raw
      var dst = activations.output.raw
      let prop = training ? dnnl_forward_training : dnnl_forward_inference
      let status = withOptionalPointer(to: &bias, if: hasBias) { biasPointer in
        dnnl_dilated_convolution_forward_desc_init(
          &op, prop, dnnl_convolution_direct, &src, &wei, biasPointer, &dst, strides, dilates,
          paddings, paddings)
      }
      check(status, "convolution forward descriptor \(key)")
      return Primitive(operation: &op, context: "convolution forward \(key)")
    }
  }

  func backwardData() -> Primitive {
    PrimitiveCache.primitive("conv bwd data \(key)") {
      let hint = forward(training: true)
      var op = dnnl_convolution_desc_t()
      var diffSrc = backwardSource(hint: hint).with(dataType: dnnl_f32).raw
      var wei = MemoryDescriptor.any(oneDNNWeightDims, dataType: operandType).raw
      var diffDst = hint.descriptor(for: DNNL_ARG_DST).with(dataType: operandType).raw
      check(
        dnnl_dilated_convolution_backward_data_desc_init(
          &op, dnnl_convolution_direct, &diffSrc, &wei, &diffDst, strides, dilates, paddings,
          paddings),
        "convolution backward-data descriptor \(key)")
      return Primitive(operation: &op, hint: hint, context: "convolution backward data \(key)")
    }
  }

  func backwardWeights() -> Primitive {
    PrimitiveCache.primitive("conv bwd weights \(key)") {
      let hint = forward(training: true)
      var op = dnnl_convolution_desc_t()
      var src = backwardSource(hint: hint).with(dataType: operandType).raw
      var diffWei = MemoryDescriptor.any(oneDNNWeightDims).raw
      var diffBias = MemoryDescriptor.plain([output[1]]).raw
      var diffDst = hint.descriptor(for: DNNL_ARG_DST).with(dataType: operandType).raw
      let status = withOptionalPointer(to: &diffBias, if: hasBias) { biasPointer in
        dnnl_dilated_convolution_backward_weights_desc_init(
          &op, dnnl_convolution_direct, &src, &diffWei, biasPointer, &diffDst, strides, dilates,
          paddings, paddings)
      }
      check(status, "convolution backward-weights descriptor \(key)")
      return Primitive(operation: &op, hint: hint, context: "convolution backward weights \(key)")
    }
  }
}

/// Weight copies reordered into a primitive's preferred layout, reused while the weight values are unchanged.
extension Tensor {
  /// Views this plain tensor's storage with another plain-compatible descriptor (same bytes).
  func viewing(as descriptor: MemoryDescriptor, shape: [Int]) -> Tensor {
    Tensor(descriptor: descriptor, shape: shape, storage: plain().storage)
  }
}

/// 2-D convolution (cross-correlation) of x [N, C, H, W] with weight [O, C/groups, kh, kw] and optional bias [O].
///
/// y[n, o, i, j] = b[o] + Σ_{c, u, v} w[o, c, u, v] · x[n, g(o)·C/groups + c, i·s − p + u·d, j·s − p + v·d].
/// Activations come out channel-blocked (`nChw16c` or `nChw8c`, see `ConvolutionPlan.activationDescriptor(training:)`). The
/// backward pass computes the input gradient only when x requires one (the image input of a network never does, and
/// the backward-data kernel for 3-channel inputs is slow). Depthwise backward passes that oneDNN serves with
/// reference kernels only run Cairn's own (`DepthwiseBackward`).
public func conv2d(
  _ x: Tensor, weight: Tensor, bias: Tensor? = nil, geometry: Conv2DGeometry = Conv2DGeometry()
) -> Tensor {
  precondition(x.shape.count == 4, "conv2d input must be [N, C, H, W], shape is \(x.shape)")
  precondition(
    weight.shape.count == 4, "conv2d weight must be [O, C/groups, kh, kw], shape is \(weight.shape)"
  )
  let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
  let (o, kh, kw) = (weight.shape[0], weight.shape[2], weight.shape[3])
  let g = geometry.groups
  precondition(
    c % g == 0 && o % g == 0 && weight.shape[1] == c / g,
    "conv2d weight \(weight.shape) does not fit input \(x.shape) with \(g) groups")
  if let bias {
    precondition(bias.shape == [o], "conv2d bias must be [\(o)], shape is \(bias.shape)")
  }
  let outputShape = [n, o, geometry.outputSize(h, kernel: kh), geometry.outputSize(w, kernel: kw)]
  precondition(
    outputShape[2] > 0 && outputShape[3] > 0, "conv2d output would be empty for input \(x.shape)")

  let plan = ConvolutionPlan(
    source: x.shape, weight: weight.shape, output: outputShape, hasBias: bias != nil,
    geometry: geometry, precision: .current)
  let needsGradient =
    GradMode.isEnabled && (x.requiresGrad || weight.requiresGrad || bias?.requiresGrad == true)
  let forward = plan.forward(training: needsGradient)
  // a bf16 copy of an activation serves every convolution that reads it
  let sourceDescriptor = forward.descriptor(for: DNNL_ARG_SRC)
  let source =
    plan.computesInBFloat16
    ? x.operand(as: sourceDescriptor) : x.converted(to: sourceDescriptor)
  let weightPlain = weight.viewing(as: plan.plainWeightDescriptor, shape: weight.shape)
  let weightForward = weightPlain.converted(to: forward.descriptor(for: DNNL_ARG_WEIGHTS))
  let output = Tensor.output(forward.descriptor(for: DNNL_ARG_DST), shape: outputShape)
  var arguments: [(Int32, Tensor)] = [
    (DNNL_ARG_SRC, source), (DNNL_ARG_WEIGHTS, weightForward), (DNNL_ARG_DST, output),
  ]
  if let bias { arguments.append((DNNL_ARG_BIAS, bias.plain())) }
  forward.execute(arguments)

  let inputs = [x, weight] + (bias.map { [$0] } ?? [])
  // the pullback must not capture `output` (a retain cycle)
  let outputDescriptor = output.descriptor
  return Tensor.record("conv2d", output: output, inputs: inputs) { g in
    // f32 in the output's layout; with bf16 operands, one bf16 copy serves both backward kernels
    let gradOutput = g.converted(to: outputDescriptor, shape: outputShape)
      .converted(to: outputDescriptor.with(dataType: plan.operandType))
    var gradients: [Tensor?] = [nil, nil]
    if x.requiresGrad && plan.runsDepthwiseBackwardData {
      gradients[0] = DepthwiseBackward.data(gradOutput: gradOutput, weight: weight, plan: plan)
    } else if x.requiresGrad {
      let backward = plan.backwardData()
      let weightBackward = weightPlain.converted(to: backward.descriptor(for: DNNL_ARG_WEIGHTS))
      let gradInput = Tensor.output(backward.descriptor(for: DNNL_ARG_DIFF_SRC), shape: x.shape)
      backward.execute([
        (DNNL_ARG_DIFF_DST, gradOutput), (DNNL_ARG_WEIGHTS, weightBackward),
        (DNNL_ARG_DIFF_SRC, gradInput),
      ])
      gradients[0] = gradInput
    }
    if weight.requiresGrad && plan.runsDepthwiseBackwardWeights {
      gradients[1] = DepthwiseBackward.weights(source: source, gradOutput: gradOutput, plan: plan)
    } else if weight.requiresGrad || bias?.requiresGrad == true {
      let backward = plan.backwardWeights()
      let gradWeight = Tensor(
        descriptor: backward.descriptor(for: DNNL_ARG_DIFF_WEIGHTS), shape: weight.shape)
      // a narrow input's forward source is plain, its backward one blocked (the layout x usually arrives in)
      let target = backward.descriptor(for: DNNL_ARG_SRC)
      let backwardSource = x.descriptor == target ? x : source.converted(to: target)
      var args: [(Int32, Tensor)] = [
        (DNNL_ARG_SRC, backwardSource), (DNNL_ARG_DIFF_DST, gradOutput),
        (DNNL_ARG_DIFF_WEIGHTS, gradWeight),
      ]
      let gradBias = bias.map { Tensor(zeros: $0.shape) }
      if let gradBias { args.append((DNNL_ARG_DIFF_BIAS, gradBias)) }
      backward.execute(args)
      let plainGradWeight = gradWeight.converted(
        to: plan.plainWeightDescriptor, shape: weight.shape)
      gradients[1] = Tensor(
        descriptor: .plain(weight.shape), shape: weight.shape, storage: plainGradWeight.storage)
      if let gradBias { gradients.append(gradBias) }
    } else if bias != nil {
      gradients.append(nil)
    }
    return gradients
  }
}

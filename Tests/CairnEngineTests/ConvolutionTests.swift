import CDNNL
import CairnTestSupport
import Testing

@testable import CairnEngine

@Suite struct ConvolutionTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var channels: Int
    var outChannels: Int
    var kernel: Int
    var stride: Int
    var padding: Int
    var dilation: Int = 1
    var groups: Int = 1
    var bias: Bool = false
    var size: Int = 7
    var testDescription: String {
      "c\(channels)->\(outChannels) k\(kernel) s\(stride) p\(padding) d\(dilation) g\(groups) bias \(bias)"
    }
  }

  static let cases: [Case] = [
    Case(channels: 3, outChannels: 8, kernel: 3, stride: 1, padding: 1),
    Case(channels: 8, outChannels: 8, kernel: 1, stride: 1, padding: 0),
    Case(channels: 8, outChannels: 16, kernel: 3, stride: 2, padding: 1, bias: true),
    Case(channels: 4, outChannels: 6, kernel: 5, stride: 1, padding: 2, size: 6),
    Case(channels: 4, outChannels: 4, kernel: 7, stride: 2, padding: 3, size: 9),
    Case(channels: 8, outChannels: 8, kernel: 3, stride: 1, padding: 2, dilation: 2),
    Case(channels: 8, outChannels: 8, kernel: 3, stride: 1, padding: 1, groups: 8),
    Case(channels: 8, outChannels: 16, kernel: 3, stride: 2, padding: 1, groups: 2, bias: true),
    Case(channels: 16, outChannels: 16, kernel: 5, stride: 1, padding: 4, dilation: 2, groups: 16),
    // DARTS: depthwise 3x3 and 5x5 at stride 2, dilated depthwise at stride 2, FactorizedReduce's 1x1 stride 2
    Case(channels: 8, outChannels: 8, kernel: 3, stride: 2, padding: 1, groups: 8),
    Case(channels: 8, outChannels: 8, kernel: 5, stride: 2, padding: 2, groups: 8, size: 8),
    Case(channels: 8, outChannels: 8, kernel: 3, stride: 2, padding: 2, dilation: 2, groups: 8),
    Case(channels: 8, outChannels: 8, kernel: 5, stride: 2, padding: 4, dilation: 2, groups: 8),
    Case(channels: 8, outChannels: 4, kernel: 1, stride: 2, padding: 0, size: 8),
  ]

  @Test(arguments: cases)
  func forwardMatchesNaiveReference(_ c: Case) {
    let x = randomTensor([2, c.channels, c.size, c.size], seed: 1)
    let w = randomTensor(
      [c.outChannels, c.channels / c.groups, c.kernel, c.kernel], seed: 2, scale: 0.3)
    let b = c.bias ? randomTensor([c.outChannels], seed: 3) : nil
    let geometry = Conv2DGeometry(
      stride: c.stride, padding: c.padding, dilation: c.dilation, groups: c.groups)
    let y = conv2d(x, weight: w, bias: b, geometry: geometry)
    let reference = referenceConv2d(
      x.toArray(), x.shape, w.toArray(), w.shape, bias: b?.toArray(), stride: c.stride,
      padding: c.padding,
      dilation: c.dilation, groups: c.groups)
    #expect(y.shape == reference.shape)
    #expect(maxAbsDifference(y.toArray(), reference.values) < 1e-4)
  }

  @Test(arguments: cases)
  func gradientsMatchFiniteDifferences(_ c: Case) {
    let x = randomTensor([2, c.channels, c.size, c.size], seed: 4)
    let w = randomTensor(
      [c.outChannels, c.channels / c.groups, c.kernel, c.kernel], seed: 5, scale: 0.3)
    let b = c.bias ? randomTensor([c.outChannels], seed: 6) : nil
    let geometry = Conv2DGeometry(
      stride: c.stride, padding: c.padding, dilation: c.dilation, groups: c.groups)
    let probe = conv2d(x, weight: w, bias: b, geometry: geometry)
    let r = GradientCheck.projection(like: probe)
    let inputs = [x, w] + (b.map { [$0] } ?? [])
    let error = GradientCheck.maximumRelativeError(inputs: inputs) {
      (conv2d(x, weight: w, bias: b, geometry: geometry) * r).sum()
    }
    #expect(error < 1e-2)
  }

  @Test func noGradientToAnInputThatDoesNotNeedOne() {
    let x = randomTensor([1, 3, 5, 5], seed: 7, requiresGrad: false)
    let w = randomTensor([8, 3, 3, 3], seed: 8)
    conv2d(x, weight: w, geometry: Conv2DGeometry(padding: 1)).sum().backward()
    #expect(x.grad == nil)
    #expect(w.grad != nil)
  }
}

/// Reference kernels are tens to hundreds of times slower than oneDNN's JIT kernels; no pass of an NB201 convolution
/// that training runs (C = 4, 8 or 16, any stage, the 3-channel stem included) may fall back to one, whatever CPU the
/// tests run on. The stem's backward-data pass is exempt: nobody needs the gradient of the images.
@Suite struct ConvolutionKernelChoiceTests {
  static let shapes: [(input: [Int], weight: [Int], geometry: Conv2DGeometry)] = [4, 8, 16].flatMap
  {
    c -> [(input: [Int], weight: [Int], geometry: Conv2DGeometry)] in
    [
      ([4, 3, 32, 32], [c, 3, 3, 3], Conv2DGeometry(padding: 1)),
      ([4, c, 32, 32], [c, c, 3, 3], Conv2DGeometry(padding: 1)),
      ([4, c, 32, 32], [c, c, 1, 1], Conv2DGeometry()),
      ([4, c, 32, 32], [2 * c, c, 3, 3], Conv2DGeometry(stride: 2, padding: 1)),
      ([4, 2 * c, 16, 16], [2 * c, 2 * c, 3, 3], Conv2DGeometry(padding: 1)),
      ([4, 4 * c, 8, 8], [4 * c, 4 * c, 1, 1], Conv2DGeometry()),
    ]
  }

  @Test func nb201ConvolutionsRunJITKernels() {
    for shape in Self.shapes {
      let kernels = ConvolutionKernels(
        input: shape.input, weight: shape.weight, geometry: shape.geometry)
      let passes = shape.input[1] == 3 ? [0, 2] : [0, 1, 2]
      for implementation in passes.map({ kernels.implementations[$0] }) {
        #expect(
          !implementation.hasPrefix("ref"),
          "\(shape.input) * \(shape.weight): \(kernels.implementations) on \(Engine.instructionSet)"
        )
      }
    }
  }

  /// NB101 super-nets slice convolutions to the vertex widths of NAS-Bench-101's channel rule (any count from 8 up,
  /// narrower slices run at 8): every pass runs a JIT kernel in the padded 8-channel blocked layout.
  @Test func nb101VertexWidthsRunJITKernels() {
    for (c, o) in [(8, 11), (11, 11), (21, 21), (22, 10), (43, 43), (13, 26)] {
      for (kernel, padding) in [(3, 1), (1, 0)] {
        let kernels = ConvolutionKernels(
          input: [4, c, 16, 16], weight: [o, c, kernel, kernel],
          geometry: Conv2DGeometry(padding: padding))
        #expect(
          kernels.implementations.allSatisfy { !$0.hasPrefix("ref") },
          "\(c) -> \(o), \(kernel)x\(kernel): \(kernels.implementations) on \(Engine.instructionSet)"
        )
      }
    }
  }
}

/// Every convolution of a DARTS network at C = 8 or 16 (32×32 images, both resolutions of each stage): stem,
/// preprocessing 1×1 convolutions, depthwise and dilated depthwise convolutions at strides 1 and 2, pointwise
/// convolutions, and FactorizedReduce's stride-2 1×1 convolutions run JIT kernels or Cairn's depthwise kernels
/// (where oneDNN 2.6 has reference ones only), whatever the CPU.
@Suite struct DARTSConvolutionKernelTests {
  static func shapes(_ c: Int) -> [(input: [Int], weight: [Int], geometry: Conv2DGeometry)] {
    var shapes: [(input: [Int], weight: [Int], geometry: Conv2DGeometry)] = [
      ([4, 3, 32, 32], [3 * c, 3, 3, 3], Conv2DGeometry(padding: 1)),
      ([4, 3 * c, 32, 32], [c, 3 * c, 1, 1], Conv2DGeometry()),
    ]
    for (width, side) in [(c, 32), (2 * c, 32), (2 * c, 16), (4 * c, 16), (4 * c, 8)] {
      shapes.append(
        ([4, 4 * width / 2, side, side], [width, 4 * width / 2, 1, 1], Conv2DGeometry()))
      shapes.append(([4, width, side, side], [width, width, 1, 1], Conv2DGeometry()))
      shapes.append(([4, width, side, side], [width / 2, width, 1, 1], Conv2DGeometry(stride: 2)))
      for stride in [1, 2] {
        for (kernel, dilation) in [(3, 1), (5, 1), (3, 2), (5, 2)] {
          shapes.append(
            (
              [4, width, side, side], [width, 1, kernel, kernel],
              Conv2DGeometry(
                stride: stride, padding: dilation * (kernel - 1) / 2, dilation: dilation,
                groups: width)
            ))
        }
      }
    }
    return shapes
  }

  @Test(arguments: [8, 16])
  func dartsConvolutionsRunJITKernels(_ c: Int) {
    for shape in Self.shapes(c) {
      let kernels = ConvolutionKernels(
        input: shape.input, weight: shape.weight, geometry: shape.geometry)
      let passes = shape.input[1] == 3 ? [0, 2] : [0, 1, 2]
      for implementation in passes.map({ kernels.implementations[$0] }) {
        #expect(
          !implementation.hasPrefix("ref"),
          "\(shape.input) * \(shape.weight) \(shape.geometry): \(kernels.implementations) on \(Engine.instructionSet)"
        )
      }
    }
  }
}

/// Inference convolutions (under `withoutGradients`) keep the blocked layout of training where oneDNN 2.6 has JIT
/// kernels for it, and compute what training's forward pass computes.
@Suite struct InferenceConvolutionTests {
  static let grouped: [(input: [Int], weight: [Int], geometry: Conv2DGeometry)] = [
    ([4, 16, 16, 16], [16, 4, 3, 3], Conv2DGeometry(padding: 1, groups: 4)),
    ([4, 16, 16, 16], [16, 8, 3, 3], Conv2DGeometry(padding: 1, groups: 2)),
    ([4, 16, 16, 16], [32, 8, 1, 1], Conv2DGeometry(groups: 2)),
  ]

  static func plan(_ shape: (input: [Int], weight: [Int], geometry: Conv2DGeometry))
    -> ConvolutionPlan
  {
    let g = shape.geometry
    let output = [
      shape.input[0], shape.weight[0], g.outputSize(shape.input[2], kernel: shape.weight[2]),
      g.outputSize(shape.input[3], kernel: shape.weight[3]),
    ]
    return ConvolutionPlan(
      source: shape.input, weight: shape.weight, output: output, hasBias: false, geometry: g)
  }

  @Test func everyNetworkConvolutionRunsAJITKernelInTheBlockedLayout() {
    let shapes =
      ConvolutionKernelChoiceTests.shapes + DARTSConvolutionKernelTests.shapes(8)
      + DARTSConvolutionKernelTests.shapes(16) + Self.grouped
    let width = Engine.channelBlock
    for shape in shapes {
      let plan = Self.plan(shape)
      let forward = plan.forward(training: false)
      #expect(
        !forward.implementation.hasPrefix("ref"),
        "\(shape.input) * \(shape.weight) \(shape.geometry): \(forward.implementation) on \(Engine.instructionSet)"
      )
      let (inputs, outputs) = (shape.input[1], plan.output[1])
      if shape.geometry.groups == 1 && inputs % width == 0 && outputs % width == 0 {
        #expect(
          forward.descriptor(for: DNNL_ARG_DST) == .blocked(plan.output, channelBlock: width),
          "\(shape.input) * \(shape.weight)")
      }
    }
  }

  @Test func inferenceComputesWhatTrainingComputes() throws {
    let shapes: [(input: [Int], weight: [Int], geometry: Conv2DGeometry)] =
      [
        ([2, 16, 8, 8], [16, 16, 3, 3], Conv2DGeometry(padding: 1)),
        ([2, 32, 8, 8], [64, 32, 3, 3], Conv2DGeometry(stride: 2, padding: 1)),
        (
          [2, 16, 8, 8], [16, 1, 5, 5],
          Conv2DGeometry(stride: 2, padding: 4, dilation: 2, groups: 16)
        ),
      ] + Self.grouped.map { ([2] + $0.input.dropFirst(), $0.weight, $0.geometry) }
    for (index, shape) in shapes.enumerated() {
      let x = randomTensor(shape.input, seed: 61 + UInt64(index))
      let weight = randomTensor(shape.weight, seed: 71 + UInt64(index))
      let training = conv2d(x, weight: weight, geometry: shape.geometry).toArray()
      let inference = withoutGradients {
        conv2d(x, weight: weight, geometry: shape.geometry).toArray()
      }
      #expect(
        maxAbsDifference(inference, training.map(Double.init)) < 1e-4,
        "\(shape.input) * \(shape.weight) \(shape.geometry)")
    }
  }
}

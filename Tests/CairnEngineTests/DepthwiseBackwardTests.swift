import CDNNL
import Testing

@testable import CairnEngine

/// Cairn's depthwise backward kernels against oneDNN's (reference) kernels on the same data, for DARTS's
/// geometries and channel counts that fill one block, several blocks, or a padded block.
@Suite struct DepthwiseBackwardTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var channels: Int
    var kernel: Int
    var stride: Int
    var dilation: Int
    var size: Int = 9
    var geometry: Conv2DGeometry {
      Conv2DGeometry(
        stride: stride, padding: dilation * (kernel - 1) / 2, dilation: dilation, groups: channels)
    }
    var testDescription: String {
      "c\(channels) k\(kernel) s\(stride) d\(dilation) \(size)x\(size)"
    }
  }

  static let cases: [Case] =
    [8, 12, 16, 32].flatMap { c in
      [(3, 1, 2), (3, 2, 2), (5, 1, 2), (5, 2, 2), (5, 1, 1), (5, 2, 1), (3, 1, 1)].map {
        Case(channels: c, kernel: $0.0, stride: $0.1, dilation: $0.2)
      }
    } + [Case(channels: 8, kernel: 5, stride: 2, dilation: 2, size: 4)]

  @Test(arguments: cases)
  func matchesOneDNN(_ c: Case) {
    let x = randomTensor([3, c.channels, c.size, c.size], seed: 61, requiresGrad: false)
    let w = randomTensor([c.channels, 1, c.kernel, c.kernel], seed: 62, requiresGrad: false)
    let outputSide = c.geometry.outputSize(c.size, kernel: c.kernel)
    let plan = ConvolutionPlan(
      source: x.shape, weight: w.shape, output: [3, c.channels, outputSide, outputSide],
      hasBias: false, geometry: c.geometry)
    let forward = plan.forward(training: true)
    let source = x.converted(to: forward.descriptor(for: DNNL_ARG_SRC))
    let g = randomTensor(plan.output, seed: 63, requiresGrad: false)
      .converted(to: forward.descriptor(for: DNNL_ARG_DST), shape: plan.output)

    let data = DepthwiseBackward.data(gradOutput: g, weight: w, plan: plan)
    let backward = plan.backwardData()
    let viewed = w.viewing(as: plan.plainWeightDescriptor, shape: w.shape)
    let reference = Tensor.output(source.descriptor, shape: x.shape)
    backward.execute([
      (DNNL_ARG_DIFF_DST, g.converted(to: backward.descriptor(for: DNNL_ARG_DIFF_DST))),
      (DNNL_ARG_WEIGHTS, viewed.converted(to: backward.descriptor(for: DNNL_ARG_WEIGHTS))),
      (DNNL_ARG_DIFF_SRC, reference),
    ])
    #expect(maxAbsDifference(data.toArray(), reference.toArray().map(Double.init)) < 1e-4)

    let weights = DepthwiseBackward.weights(source: source, gradOutput: g, plan: plan)
    let backwardWeights = plan.backwardWeights()
    let gradWeight = Tensor(
      descriptor: backwardWeights.descriptor(for: DNNL_ARG_DIFF_WEIGHTS), shape: w.shape)
    backwardWeights.execute([
      (DNNL_ARG_SRC, source.converted(to: backwardWeights.descriptor(for: DNNL_ARG_SRC))),
      (DNNL_ARG_DIFF_DST, g.converted(to: backwardWeights.descriptor(for: DNNL_ARG_DIFF_DST))),
      (DNNL_ARG_DIFF_WEIGHTS, gradWeight),
    ])
    let expected = gradWeight.converted(to: plan.plainWeightDescriptor, shape: w.shape)
    let plainExpected = Tensor(
      descriptor: .plain(w.shape), shape: w.shape, storage: expected.storage)
    #expect(weights.shape == w.shape)
    #expect(maxAbsDifference(weights.toArray(), plainExpected.toArray().map(Double.init)) < 1e-3)
  }

  /// On this CPU, every DARTS depthwise pass that oneDNN leaves to a reference kernel runs Cairn's instead.
  @Test func dartsDepthwisePassesNeverRunReferenceKernels() {
    for c in [8, 16, 32] {
      for (kernel, dilation) in [(3, 1), (5, 1), (3, 2), (5, 2)] {
        for stride in [1, 2] {
          let geometry = Conv2DGeometry(
            stride: stride, padding: dilation * (kernel - 1) / 2, dilation: dilation, groups: c)
          let kernels = ConvolutionKernels(
            input: [4, c, 16, 16], weight: [c, 1, kernel, kernel], geometry: geometry)
          #expect(
            kernels.implementations.allSatisfy { !$0.hasPrefix("ref") },
            "c\(c) k\(kernel) d\(dilation) s\(stride): \(kernels.implementations)")
        }
      }
    }
  }
}

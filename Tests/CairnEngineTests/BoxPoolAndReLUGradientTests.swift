import CDNNL
import CairnTestSupport
import Testing

@testable import CairnEngine

/// Cairn's own loops for `avg_pool_3x3` (stride 1, padding 1) and ReLU's backward pass, against a naive reference,
/// oneDNN's primitives and finite differences.
@Suite struct BoxPoolTests {
  /// x in a `block`-channel layout, as a leaf that takes gradients.
  static func blocked(_ shape: [Int], block: Int, seed: UInt64) -> Tensor {
    let x = randomTensor(shape, seed: seed).converted(to: .blocked(shape, channelBlock: block))
    x.requiresGrad = true
    return x
  }

  /// oneDNN's pooling of x (in x's layout) and its backward pass for the output gradient g.
  static func oneDNN(_ x: Tensor, gradOutput g: Tensor) -> (output: [Float], gradInput: [Float]) {
    let plan = PoolingPlan(
      kind: .average, source: x.descriptor, output: x.shape, kernel: (3, 3), stride: 1, padding: 1)
    let forward = plan.forward(training: true)
    let output = Tensor.output(forward.descriptor(for: DNNL_ARG_DST), shape: x.shape)
    forward.execute([(DNNL_ARG_SRC, x), (DNNL_ARG_DST, output)])
    let gradOutput = g.converted(to: output.descriptor, shape: x.shape)
    let gradInput = Tensor.output(x.descriptor, shape: x.shape)
    plan.backward().execute([(DNNL_ARG_DIFF_DST, gradOutput), (DNNL_ARG_DIFF_SRC, gradInput)])
    return (output.toArray(), gradInput.toArray())
  }

  @Test(arguments: [
    ([2, 16, 5, 7], 16), ([3, 8, 1, 1], 8), ([1, 16, 2, 3], 16), ([2, 32, 4, 1], 16),
    ([2, 16, 6, 6], 8),
  ])
  func matchesTheReferenceAndOneDNN(shape: [Int], block: Int) throws {
    let x = Self.blocked(shape, block: block, seed: 41)
    let y = pool2d(x, .average, kernel: 3, stride: 1, padding: 1)
    #expect(y.descriptor == x.descriptor, "the output keeps the blocked layout")
    let expected = referencePool(x.toArray(), shape, max: false, kernel: 3, stride: 1, padding: 1)
    #expect(maxAbsDifference(y.toArray(), expected) < 1e-5)

    let g = randomTensor(shape, seed: 42, requiresGrad: false)
    (y * g).sum().backward()
    let reference = Self.oneDNN(x, gradOutput: g)
    #expect(maxAbsDifference(y.toArray(), reference.output.map(Double.init)) < 1e-5)
    let gradient = try #require(x.grad).toArray()
    #expect(maxAbsDifference(gradient, reference.gradInput.map(Double.init)) < 1e-5)
  }

  @Test func gradientMatchesFiniteDifferences() {
    let shape = [2, 8, 3, 4]
    let x = randomTensor(shape, seed: 43)
    let r = GradientCheck.projection(like: x)
    let error = GradientCheck.maximumRelativeError(inputs: [x], epsilon: 1e-3) {
      let blocked = Tensor.record(
        "to blocked", output: x.converted(to: .blocked(shape, channelBlock: 8)), inputs: [x]
      ) { g in [g] }
      return (pool2d(blocked, .average, kernel: 3, stride: 1, padding: 1) * r).sum()
    }
    #expect(error < 2e-2)
  }

  @Test func otherLayoutsAndGeometriesTakeOneDNN() {
    #expect(boxAveragePool(randomTensor([2, 8, 4, 4], seed: 44)) == nil)
    let padded = MemoryDescriptor.blocked([2, 12, 4, 4], channelBlock: 8)
    #expect(padded.unpaddedChannelBlock == nil)
    #expect(MemoryDescriptor.blocked([2, 16, 4, 4], channelBlock: 8).unpaddedChannelBlock == 8)
  }

  @Test func inverseCountsExcludePadding() {
    #expect(BoxPoolKernels.inverseCounts(1) == [1])
    #expect(BoxPoolKernels.inverseCounts(2) == [0.5, 0.5])
    #expect(BoxPoolKernels.inverseCounts(4) == [0.5, 1 / 3, 1 / 3, 0.5])
  }
}

@Suite struct ReLUGradientTests {
  /// oneDNN's ReLU backward for x and g in x's layout.
  static func oneDNN(_ x: Tensor, _ g: Tensor) -> [Float] {
    let gradInput = Tensor.output(x.descriptor, shape: x.shape)
    Eltwise.backward(dnnl_eltwise_relu, "relu", x.descriptor).execute([
      (DNNL_ARG_SRC, x), (DNNL_ARG_DIFF_DST, g.converted(to: x.descriptor)),
      (DNNL_ARG_DIFF_SRC, gradInput),
    ])
    return gradInput.toArray()
  }

  @Test(arguments: [[2, 16, 3, 5], [2, 12, 3, 3], [3, 7]])
  func matchesTheFormulaAndOneDNN(shape: [Int]) throws {
    let descriptor =
      shape.count == 4 ? MemoryDescriptor.blocked(shape, channelBlock: 8) : .plain(shape)
    let x = randomTensor(shape, seed: 51).converted(to: descriptor)
    x.requiresGrad = true
    let g = randomTensor(shape, seed: 52, requiresGrad: false)
    (x.relu() * g).sum().backward()
    let gradient = try #require(x.grad).toArray()
    let expected = zip(x.toArray(), g.toArray()).map { $0 > 0 ? Double($1) : 0 }
    #expect(maxAbsDifference(gradient, expected) == 0)
    #expect(gradient == Self.oneDNN(x, g))
  }

  @Test func zeroInputsGetZeroGradient() {
    let x = Tensor(shape: [20], values: (0..<20).map { Float($0 % 3) - 1 })
    let g = Tensor(repeating: 2, shape: [20])
    let gradient = ReLUGradient.compute(input: x, gradOutput: g).toArray()
    #expect(gradient == (0..<20).map { $0 % 3 == 2 ? 2 : 0 })
  }
}

import CairnCore
import CairnEngine
import CairnTestSupport
import Testing

@testable import CairnNetworks

/// Random images or feature maps [shape] with standard-normal values.
func dartsInput(_ shape: [Int], seed: UInt64, requiresGrad: Bool = false) -> Tensor {
  var random = RandomStream(seed: seed, name: "darts test input")
  return Tensor(
    shape: shape, values: (0..<shape.reduce(1, *)).map { _ in Float(random.normal()) },
    requiresGrad: requiresGrad)
}

/// DARTS's ops against finite differences: gradients reach the input and every weight through the depthwise,
/// dilated depthwise and pointwise convolutions, the shifted branch of `FactorizedReduce`, and the batch norms'
/// affine parameters.
///
/// A float32 central difference that straddles a ReLU kink is not a derivative, so the inputs stay at least 0.5
/// away from 0 (the leading ReLU still zeroes half of them), and the ops run in evaluation mode with the batch
/// norms that feed a ReLU shifted by +5, so that the ReLUs inside an op stay in their linear region (a weight
/// moves every pre-activation of a channel at once). The batch norms' own backward pass, with batch
/// statistics, is checked in the engine's tests.
@Suite struct DARTSOperationTests {
  /// The worst relative error of the gradients of Σ r ⊙ op(x) with respect to x and the op's parameters.
  func gradientError(
    _ module: Module, input shape: [Int], shifting norms: [BatchNorm] = [],
    _ op: (Tensor) -> Tensor
  ) -> Float {
    module.train(false)
    for norm in norms { norm.shift?.withMutableValues { $0.update(repeating: 5) } }
    let x = dartsInput(shape, seed: 5, requiresGrad: true)
    x.withMutableValues { values in
      for i in values.indices { values[i] += values[i] < 0 ? -0.5 : 0.5 }
    }
    let r = GradientCheck.projection(like: op(x))
    // A unit direction moves each of hundreds of entries by a few thousandths: far from any kink, and large
    // enough that float32 round-off stays small against the difference.
    return GradientCheck.maximumRelativeError(
      inputs: [x] + module.trainableParameters(), epsilon: 3e-2
    ) { (op(x) * r).sum() }
  }

  @Test(arguments: [(3, 1), (3, 2), (5, 1), (5, 2)])
  func sepConvGradients(_ geometry: (kernel: Int, stride: Int)) {
    var random = RandomStream(seed: 1)
    let op = SepConv(
      channels: 8, kernel: geometry.kernel, stride: geometry.stride, batchNorm: .standalone,
      random: &random)
    #expect(
      op(dartsInput([2, 8, 7, 7], seed: 2)).shape == [
        2, 8, geometry.stride == 1 ? 7 : 4,
        geometry.stride == 1 ? 7 : 4,
      ])
    #expect(gradientError(op, input: [2, 8, 7, 7], shifting: [op.norm1]) { op($0) } < 1e-2)
  }

  @Test(arguments: [(3, 1), (3, 2), (5, 1), (5, 2)])
  func dilConvGradients(_ geometry: (kernel: Int, stride: Int)) {
    var random = RandomStream(seed: 3)
    let op = DilConv(
      channels: 8, kernel: geometry.kernel, stride: geometry.stride, batchNorm: .standalone,
      random: &random)
    let side = geometry.stride == 1 ? 7 : 4
    #expect(op(dartsInput([2, 8, 7, 7], seed: 2)).shape == [2, 8, side, side])
    #expect(gradientError(op, input: [2, 8, 7, 7]) { op($0) } < 1e-2)
  }

  /// Even and odd sizes: the shifted branch keeps ⌈H/2⌉ either way.
  @Test(arguments: [6, 7])
  func factorizedReduceGradients(_ side: Int) {
    var random = RandomStream(seed: 4)
    let op = FactorizedReduce(8, 16, batchNorm: .standalone, random: &random)
    let half = (side + 1) / 2
    #expect(op(dartsInput([2, 8, side, side], seed: 2)).shape == [2, 16, half, half])
    #expect(gradientError(op, input: [2, 8, side, side]) { op($0) } < 1e-2)
  }

  /// The second half of the channels sees the odd pixels: with unit weights and no batch norm effect, channel
  /// 0 of conv2's half equals relu(x) at (2i + 1, 2j + 1), and zero past the border.
  @Test func factorizedReduceReadsTheOddPixelsInItsSecondHalf() {
    var random = RandomStream(seed: 6)
    let op = FactorizedReduce(1, 2, batchNorm: .standalone, random: &random)
    op.conv1.weight.withMutableValues { $0[0] = 1 }
    op.conv2.weight.withMutableValues { $0[0] = 1 }
    op.train(false)  // running statistics 0 and 1: the batch norm is (almost) the identity
    let x = Tensor(shape: [1, 1, 3, 3], values: (1...9).map(Float.init))
    let y = op(x).toArray().map { ($0 * 1e3).rounded() / 1e3 }
    #expect(y == [1, 3, 7, 9, 5, 0, 0, 0])
  }

  @Test func auxiliaryHeadGradients() {
    var random = RandomStream(seed: 7)
    let head = AuxiliaryHead(channels: 4, classes: 3, random: &random)
    #expect(head(dartsInput([2, 4, 8, 8], seed: 2)).shape == [2, 3])
    #expect(head(dartsInput([2, 4, 10, 10], seed: 2)).shape == [2, 3])
    #expect(
      gradientError(head, input: [2, 4, 8, 8], shifting: [head.norm1, head.norm2]) { head($0) }
        < 1e-2)
  }
}

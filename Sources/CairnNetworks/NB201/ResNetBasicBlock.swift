import CairnCore
import CairnEngine

/// NB201's reduction block between stages: ReLUConvBN(3x3, stride 2) → ReLUConvBN(3x3), plus a shortcut of
/// 2x2 average pooling (stride 2) and a 1x1 convolution (no bias, no batch norm).
public final class ResNetBasicBlock: Module {
  public let convA: ReLUConvBN
  public let convB: ReLUConvBN
  public let shortcut: Conv2d

  public init(
    _ inChannels: Int, _ outChannels: Int, batchNorm: BatchNormOptions, random: inout RandomStream
  ) {
    convA = ReLUConvBN(
      inChannels, outChannels, kernel: 3, stride: 2, padding: 1, batchNorm: batchNorm,
      random: &random)
    convB = ReLUConvBN(
      outChannels, outChannels, kernel: 3, stride: 1, padding: 1, batchNorm: batchNorm,
      random: &random)
    shortcut = Conv2d(inChannels, outChannels, kernel: 1, random: &random)
  }

  public func callAsFunction(_ x: Tensor) -> Tensor {
    let residual = shortcut(pool2d(x, .average, kernel: 2, stride: 2))
    return sum([convB(convA(x)), residual])
  }
}

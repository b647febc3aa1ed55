import CairnCore
import CairnEngine

/// ReLU → Conv(no bias) → BatchNorm: NB201's `nor_conv_kxk` op and the halves of its reduction block.
public final class ReLUConvBN: Module {
  public let conv: Conv2d
  public let norm: BatchNorm

  public init(
    _ inChannels: Int, _ outChannels: Int, kernel: Int, stride: Int, padding: Int,
    batchNorm: BatchNormOptions,
    random: inout RandomStream
  ) {
    conv = Conv2d(
      inChannels, outChannels, kernel: kernel,
      geometry: Conv2DGeometry(stride: stride, padding: padding),
      random: &random)
    norm = batchNorm.make(outChannels)
  }

  public func callAsFunction(_ x: Tensor) -> Tensor {
    norm(conv(x.relu()))
  }
}

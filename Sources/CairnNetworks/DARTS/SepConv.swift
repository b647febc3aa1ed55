import CairnCore
import CairnEngine

/// DARTS's separable convolution (`sep_conv_3x3`, `sep_conv_5x5`): two rounds of ReLU → depthwise k×k convolution
/// (groups = C) → pointwise 1×1 convolution → batch norm; only the first depthwise convolution has the stride.
///
/// x [N, C, H, W] → [N, C, ⌈H/s⌉, ⌈W/s⌉] with padding (k − 1)/2. Parameters: 2·(C·k² + C²) convolution weights
/// plus the batch norms'. Convolutions have no bias and PyTorch's default initialisation.
public final class SepConv: Module {
  public let depthwise1: Conv2d
  public let pointwise1: Conv2d
  public let norm1: BatchNorm
  public let depthwise2: Conv2d
  public let pointwise2: Conv2d
  public let norm2: BatchNorm

  public init(
    channels: Int, kernel: Int, stride: Int, batchNorm: BatchNormOptions, random: inout RandomStream
  ) {
    let padding = (kernel - 1) / 2
    depthwise1 = Conv2d(
      channels, channels, kernel: kernel,
      geometry: Conv2DGeometry(stride: stride, padding: padding, groups: channels), random: &random)
    pointwise1 = Conv2d(channels, channels, kernel: 1, random: &random)
    norm1 = batchNorm.make(channels)
    depthwise2 = Conv2d(
      channels, channels, kernel: kernel,
      geometry: Conv2DGeometry(padding: padding, groups: channels), random: &random)
    pointwise2 = Conv2d(channels, channels, kernel: 1, random: &random)
    norm2 = batchNorm.make(channels)
  }

  public func callAsFunction(_ x: Tensor) -> Tensor { self(activated: x.relu()) }

  /// The output for an input that is already ReLU(x) (shared by the ops that read one node).
  public func callAsFunction(activated: Tensor) -> Tensor {
    let half = norm1(pointwise1(depthwise1(activated)))
    return norm2(pointwise2(depthwise2(half.relu())))
  }
}

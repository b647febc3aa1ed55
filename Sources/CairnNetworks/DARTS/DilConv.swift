import CairnCore
import CairnEngine

/// DARTS's dilated separable convolution (`dil_conv_3x3`, `dil_conv_5x5`): ReLU → depthwise k×k convolution with
/// dilation 2 (groups = C) → pointwise 1×1 convolution → batch norm.
///
/// x [N, C, H, W] → [N, C, ⌈H/s⌉, ⌈W/s⌉] with padding k − 1 (2 for 3×3, 4 for 5×5), so the receptive field is
/// 5×5 or 9×9. Parameters: C·k² + C² convolution weights plus the batch norm's.
public final class DilConv: Module {
  /// The dilation of the depthwise convolution, as in DARTS's `OPS`.
  public static let dilation = 2

  public let depthwise: Conv2d
  public let pointwise: Conv2d
  public let norm: BatchNorm

  public init(
    channels: Int, kernel: Int, stride: Int, batchNorm: BatchNormOptions, random: inout RandomStream
  ) {
    depthwise = Conv2d(
      channels, channels, kernel: kernel,
      geometry: Conv2DGeometry(
        stride: stride, padding: Self.dilation * (kernel - 1) / 2, dilation: Self.dilation,
        groups: channels),
      random: &random)
    pointwise = Conv2d(channels, channels, kernel: 1, random: &random)
    norm = batchNorm.make(channels)
  }

  public func callAsFunction(_ x: Tensor) -> Tensor { self(activated: x.relu()) }

  /// The output for an input that is already ReLU(x) (shared by the ops that read one node).
  public func callAsFunction(activated: Tensor) -> Tensor {
    norm(pointwise(depthwise(activated)))
  }
}

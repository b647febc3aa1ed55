import CairnCore
import CairnEngine

/// Conv(no bias) → BatchNorm → ReLU, NAS-Bench-101's `conv_bn_relu` (stem, vertex ops and projections), with
/// "same" padding (k / 2) and stride 1.
///
/// A super-net runs it on a leading slice of its channels (`callAsFunction(_:outputChannels:)`), so narrower
/// sub-networks share the first filters of one full-width layer.
public final class ConvBNReLU: Module {
  public let conv: Conv2d
  public let norm: BatchNorm

  /// A layer whose convolution weight is drawn by `initializer` (PyTorch's default unless given).
  public init(
    _ inChannels: Int, _ outChannels: Int, kernel: Int, batchNorm: BatchNormOptions,
    initializer: Initializer = .pytorchDefault, random: inout RandomStream
  ) {
    conv = Conv2d(
      inChannels, outChannels, kernel: kernel, geometry: Conv2DGeometry(padding: kernel / 2),
      initializer: initializer, random: &random)
    norm = batchNorm.make(outChannels)
  }

  /// The full-width output [N, out, H, W] of x [N, in, H, W].
  public func callAsFunction(_ x: Tensor) -> Tensor {
    norm(conv(x)).relu()
  }

  /// The output [N, outputChannels, H, W] of x [N, c, H, W] through the leading `outputChannels` × c slice of
  /// the weights and the leading `outputChannels` batch-norm channels (c and `outputChannels` at most the
  /// layer's widths). Gradients reach only the sliced entries.
  public func callAsFunction(_ x: Tensor, outputChannels: Int) -> Tensor {
    norm(sliced: conv(sliced: x, outputChannels: outputChannels)).relu()
  }
}

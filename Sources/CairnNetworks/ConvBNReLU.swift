import CairnCore
import CairnEngine

/// Conv(no bias) → BatchNorm → ReLU, NAS-Bench-101's `conv_bn_relu` (stem, vertex ops and projections), with
/// "same" padding (k / 2) and stride 1.
///
/// A super-net runs it on a leading slice of its channels (`callAsFunction(_:outputChannels:inputSet:)`), so
/// narrower sub-networks share the first filters of one full-width layer. With `inputSets` > 1 the layer keeps
/// that many batch norms (weight-sharing batch norm) and a call names the one to use.
public final class ConvBNReLU: Module {
  public let conv: Conv2d
  /// The batch norm of input set 0.
  public let norm: BatchNorm
  /// The batch norms of input sets 1, 2, …: empty unless the layer was built with `inputSets` > 1.
  public let inputSetNorms: [BatchNorm]

  /// A layer whose convolution weight is drawn by `initializer` (PyTorch's default unless given), with
  /// `inputSets` batch norms.
  public init(
    _ inChannels: Int, _ outChannels: Int, kernel: Int, batchNorm: BatchNormOptions,
    inputSets: Int = 1, initializer: Initializer = .pytorchDefault, random: inout RandomStream
  ) {
    conv = Conv2d(
      inChannels, outChannels, kernel: kernel, geometry: Conv2DGeometry(padding: kernel / 2),
      initializer: initializer, random: &random)
    norm = batchNorm.make(outChannels)
    inputSetNorms = (1..<max(inputSets, 1)).map { _ in batchNorm.make(outChannels) }
  }

  /// The full-width output [N, out, H, W] of x [N, in, H, W].
  public func callAsFunction(_ x: Tensor) -> Tensor {
    norm(conv(x)).relu()
  }

  /// The output [N, outputChannels, H, W] of x [N, c, H, W] through the leading `outputChannels` × c slice of
  /// the weights and the leading `outputChannels` channels of the batch norm of `inputSet` (c and
  /// `outputChannels` at most the layer's widths, `inputSet` below its input sets). Gradients reach only the
  /// sliced entries.
  public func callAsFunction(_ x: Tensor, outputChannels: Int, inputSet: Int = 0) -> Tensor {
    precondition(
      (0...inputSetNorms.count).contains(inputSet),
      "input set \(inputSet) of a layer with \(inputSetNorms.count + 1)")
    let chosen = inputSet == 0 ? norm : inputSetNorms[inputSet - 1]
    return chosen(sliced: conv(sliced: x, outputChannels: outputChannels)).relu()
  }
}

import CairnCore
import CairnEngine

/// A ResNet basic block whose two 3×3 convolutions run at chosen widths (`WidthConvolution`): conv → BN → ReLU →
/// conv → BN, plus the shortcut, then ReLU (or PReLU) after the addition.
///
/// The shortcut is a 1×1 convolution + BN (strided like the block) when the block has one — the first block of
/// each stage, or every block with `WidthDesign.projectionShortcuts` — at the second convolution's width.
/// Otherwise it is the identity on the common leading channels: an input wider than the block's output loses its
/// extra channels, a narrower one is padded with zero channels (channel i of every layer is the same shared
/// channel, as prefix slicing makes it).
public final class WidthBasicBlock: Module {
  public let convA: WidthConvolution
  public let convB: WidthConvolution
  public let projection: WidthConvolution?
  public let prelu: PReLU?

  /// A block from at most `inputChannels` to at most `middleChannels` and `outputChannels`, each convolution with
  /// the branches `branching` gives its width.
  public init(
    inputChannels: Int, middleChannels: Int, outputChannels: Int, stride: Int, projects: Bool,
    prelu usesPReLU: Bool, branching: WidthBranching = .none, batchNorm: BatchNormOptions,
    random: inout RandomStream
  ) {
    convA = WidthConvolution(
      inputChannels: inputChannels, widths: branching.widths(upTo: middleChannels), kernel: 3,
      geometry: Conv2DGeometry(stride: stride, padding: 1), batchNorm: batchNorm, random: &random)
    convB = WidthConvolution(
      inputChannels: middleChannels, widths: branching.widths(upTo: outputChannels), kernel: 3,
      geometry: Conv2DGeometry(padding: 1), batchNorm: batchNorm, random: &random)
    projection =
      projects
      ? WidthConvolution(
        inputChannels: inputChannels, widths: branching.widths(upTo: outputChannels), kernel: 1,
        geometry: Conv2DGeometry(stride: stride), batchNorm: batchNorm, random: &random)
      : nil
    prelu = usesPReLU ? PReLU() : nil
  }

  /// The block on x [N, c, H, W] with its convolutions at `middle` and `output` channels.
  public func callAsFunction(_ x: Tensor, middle: Int, output: Int) -> Tensor {
    let hidden = convA(x, channels: middle).relu()
    let sum = convB(hidden, channels: output) + shortcut(x, output: output)
    return prelu.map { $0(sum) } ?? sum.relu()
  }

  private func shortcut(_ x: Tensor, output: Int) -> Tensor {
    if let projection { return projection(x, channels: output) }
    return x.shape[1] > output ? x.sliceChannels(0..<output) : x.paddingChannels(to: output)
  }
}

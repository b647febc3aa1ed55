import CairnCore
import CairnEngine

/// A ResNet basic block whose two 3×3 convolutions run at chosen widths by prefix slicing: conv → BN → ReLU →
/// conv → BN, plus the shortcut, then ReLU (or PReLU) after the addition.
///
/// The shortcut is a 1×1 convolution + BN (strided like the block) when the block has one — the first block of
/// each stage, or every block with `WidthEnhancement.projectionShortcuts` — sliced to the second convolution's
/// width. Otherwise it is the identity on the common leading channels: an input wider than the block's output
/// loses its extra channels, a narrower one is padded with zero channels (channel i of every layer is the same
/// shared channel, as prefix slicing makes it).
public final class WidthBasicBlock: Module {
  public let convA: Conv2d
  public let bnA: BatchNorm
  public let convB: Conv2d
  public let bnB: BatchNorm
  public let projection: Conv2d?
  public let projectionBN: BatchNorm?
  public let prelu: PReLU?

  /// A block from at most `inputChannels` to at most `middleChannels` and `outputChannels`.
  public init(
    inputChannels: Int, middleChannels: Int, outputChannels: Int, stride: Int, projects: Bool,
    prelu usesPReLU: Bool, batchNorm: BatchNormOptions, random: inout RandomStream
  ) {
    let strided = Conv2DGeometry(stride: stride, padding: 1)
    convA = Conv2d(inputChannels, middleChannels, kernel: 3, geometry: strided, random: &random)
    bnA = batchNorm.make(middleChannels)
    convB = Conv2d(
      middleChannels, outputChannels, kernel: 3, geometry: Conv2DGeometry(padding: 1),
      random: &random)
    bnB = batchNorm.make(outputChannels)
    if projects {
      projection = Conv2d(
        inputChannels, outputChannels, kernel: 1, geometry: Conv2DGeometry(stride: stride),
        random: &random)
      projectionBN = batchNorm.make(outputChannels)
    } else {
      projection = nil
      projectionBN = nil
    }
    prelu = usesPReLU ? PReLU() : nil
  }

  /// The block on x [N, c, H, W] with its convolutions at `middle` and `output` channels.
  public func callAsFunction(_ x: Tensor, middle: Int, output: Int) -> Tensor {
    let hidden = bnA(sliced: convA(sliced: x, outputChannels: middle)).relu()
    let main = bnB(sliced: convB(sliced: hidden, outputChannels: output))
    let sum = main + shortcut(x, output: output)
    return prelu.map { $0(sum) } ?? sum.relu()
  }

  private func shortcut(_ x: Tensor, output: Int) -> Tensor {
    if let projection, let projectionBN {
      return projectionBN(sliced: projection(sliced: x, outputChannels: output))
    }
    let inputs = x.shape[1]
    if inputs > output { return x.sliceChannels(0..<output) }
    if inputs < output {
      var zeros = x.shape
      zeros[1] = output - inputs
      return concatChannels([x, Tensor(zeros: zeros)])
    }
    return x
  }
}

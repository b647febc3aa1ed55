import CairnCore
import CairnEngine

/// One convolution of a width network with its batch norm, held as independent branches of increasing width
/// (`WidthBranching`): run at c output channels, it uses the narrowest branch at least c wide and slices it to its
/// leading c filters (and the leading input channels its input has). Branches are named by width (`w16`), so a
/// checkpoint's tensors keep their names when branches are added.
public final class WidthConvolution: Module {
  public let branches: [Branch]

  /// A convolution + batch norm of one width.
  public final class Branch: Module {
    public let width: Int
    public let conv: Conv2d
    public let norm: BatchNorm

    init(
      inputChannels: Int, width: Int, kernel: Int, geometry: Conv2DGeometry,
      batchNorm: BatchNormOptions, random: inout RandomStream
    ) {
      self.width = width
      conv = Conv2d(inputChannels, width, kernel: kernel, geometry: geometry, random: &random)
      norm = batchNorm.make(width)
    }
  }

  /// Branches of `widths` (ascending), each reading up to `inputChannels` channels.
  public init(
    inputChannels: Int, widths: [Int], kernel: Int, geometry: Conv2DGeometry,
    batchNorm: BatchNormOptions, random: inout RandomStream
  ) {
    branches = widths.map {
      Branch(
        inputChannels: inputChannels, width: $0, kernel: kernel, geometry: geometry,
        batchNorm: batchNorm, random: &random)
    }
  }

  public override func namedChildren() -> [(String, Any)] {
    branches.map { ("w\($0.width)", $0) }
  }

  /// The branch a width of `channels` runs in: the narrowest at least that wide (the widest when none is).
  public func branch(for channels: Int) -> Branch {
    branches.first { $0.width >= channels } ?? branches[branches.count - 1]
  }

  /// Batch norm of the convolution of x [N, c, H, W] at `channels` output channels.
  public func callAsFunction(_ x: Tensor, channels: Int) -> Tensor {
    let branch = branch(for: channels)
    return branch.norm(sliced: branch.conv(sliced: x, outputChannels: channels))
  }
}

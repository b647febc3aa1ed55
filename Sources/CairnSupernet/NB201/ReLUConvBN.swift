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
    self(activated: x.relu())
  }

  /// Conv → BatchNorm of an input that is already ReLU(x), for callers that share one ReLU among several ops.
  public func callAsFunction(activated: Tensor) -> Tensor {
    norm(conv(activated))
  }
}

/// How a network's batch-norm layers are built and evaluated.
public struct BatchNormOptions: Codable, Hashable, Sendable {
  /// Learnable scale and shift.
  public var affine: Bool
  /// Keep running statistics (used in evaluation mode); without them evaluation uses batch statistics.
  public var tracksRunningStatistics: Bool

  public init(affine: Bool = true, tracksRunningStatistics: Bool = true) {
    self.affine = affine
    self.tracksRunningStatistics = tracksRunningStatistics
  }

  /// Stand-alone training: PyTorch's defaults.
  public static let standalone = BatchNormOptions(affine: true, tracksRunningStatistics: true)

  /// Super-net training as the landmark paper's NB201 code does it: affine, no running statistics (so sub-networks
  /// are always evaluated with batch statistics).
  public static let supernet = BatchNormOptions(affine: true, tracksRunningStatistics: false)

  func make(_ channels: Int) -> BatchNorm {
    BatchNorm(channels, affine: affine, tracksRunningStatistics: tracksRunningStatistics)
  }
}

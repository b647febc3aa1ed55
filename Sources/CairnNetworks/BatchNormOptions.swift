import CairnEngine

/// How a network's batch-norm layers are built and evaluated.
public struct BatchNormOptions: Codable, Hashable, Sendable {
  /// Learnable scale and shift.
  public var affine: Bool
  /// Keep running statistics (used in evaluation mode); without them evaluation uses batch statistics.
  public var tracksRunningStatistics: Bool
  /// Weight-sharing batch norm (WSBN, after NAO): an NB101 super-net vertex keeps one batch norm per set of
  /// inputs it can receive, so statistics and affine parameters are not shared between input sets. Other
  /// networks ignore it.
  public var perInputSet: Bool

  public init(affine: Bool = true, tracksRunningStatistics: Bool = true, perInputSet: Bool = false)
  {
    self.affine = affine
    self.tracksRunningStatistics = tracksRunningStatistics
    self.perInputSet = perInputSet
  }

  /// Stand-alone training: PyTorch's defaults.
  public static let standalone = BatchNormOptions(affine: true, tracksRunningStatistics: true)

  /// Super-net training as the landmark paper's NB201 code does it: affine, no running statistics (so sub-networks
  /// are always evaluated with batch statistics).
  public static let supernet = BatchNormOptions(affine: true, tracksRunningStatistics: false)

  /// A batch-norm layer of `channels` channels with these options.
  public func make(_ channels: Int) -> BatchNorm {
    BatchNorm(channels, affine: affine, tracksRunningStatistics: tracksRunningStatistics)
  }
}

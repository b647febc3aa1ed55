/// A labelled image dataset held compactly as bytes: N images of C×H×W pixels in planar (CHW) order.
public struct ImageDataset: Sendable {
  /// Pixels, image after image, each C planes of H rows of W bytes.
  public let pixels: [UInt8]
  /// One label per image, 0..<classCount.
  public let labels: [Int32]
  public let channels: Int
  public let height: Int
  public let width: Int
  public let classCount: Int
  /// Where the images came from (files or directory), for messages and run records.
  public let source: String

  public init(
    pixels: [UInt8], labels: [Int32], channels: Int, height: Int, width: Int, classCount: Int,
    source: String
  ) {
    precondition(
      pixels.count == labels.count * channels * height * width, "pixel count does not match labels")
    self.pixels = pixels
    self.labels = labels
    self.channels = channels
    self.height = height
    self.width = width
    self.classCount = classCount
    self.source = source
  }

  /// The number of images.
  public var count: Int { labels.count }

  /// Bytes per image.
  public var imageSize: Int { channels * height * width }
}

/// The training and test parts of a dataset.
public struct DatasetSplits: Sendable {
  public let train: ImageDataset
  public let test: ImageDataset
}

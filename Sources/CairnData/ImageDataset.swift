/// A labelled image dataset held compactly as bytes: N images of C×H×W pixels in planar (CHW) order.
///
/// Image i occupies `pixels[i·C·H·W ..< (i+1)·C·H·W]`; within it, channel c, row y, column x is at
/// `c·H·W + y·W + x`. Bytes rather than Floats keep the full CIFAR-10 training set at 150 MB instead of 600 MB;
/// `ImageTransform` turns one image at a time into normalised Floats.
public struct ImageDataset: Sendable {
  /// Pixels, image after image, each C planes of H rows of W bytes.
  public let pixels: [UInt8]
  /// One label per image, 0..<classCount.
  public let labels: [Int32]
  public let channels: Int
  public let height: Int
  public let width: Int
  public let classCount: Int
  /// Class names in label order (empty when unknown).
  public let classNames: [String]
  /// Where the images came from (files or directory), for messages and run records.
  public let source: String

  /// Creates a dataset; `pixels.count` must be `labels.count · channels · height · width`.
  public init(
    pixels: [UInt8], labels: [Int32], channels: Int, height: Int, width: Int, classCount: Int,
    classNames: [String] = [], source: String
  ) {
    precondition(channels > 0 && height > 0 && width > 0, "image dimensions must be positive")
    precondition(
      pixels.count == labels.count * channels * height * width, "pixel count does not match labels")
    precondition(classNames.isEmpty || classNames.count == classCount, "one class name per class")
    self.pixels = pixels
    self.labels = labels
    self.channels = channels
    self.height = height
    self.width = width
    self.classCount = classCount
    self.classNames = classNames
    self.source = source
  }

  /// The number of images.
  public var count: Int { labels.count }

  /// Bytes per image (C·H·W).
  public var imageSize: Int { channels * height * width }

  /// A copy of the bytes of image `index` (CHW), indexed from 0.
  public func image(at index: Int) -> [UInt8] {
    Array(pixels[index * imageSize..<(index + 1) * imageSize])
  }

  /// The number of images of each class, indexed by label. O(N).
  public func classCounts() -> [Int] {
    var counts = [Int](repeating: 0, count: classCount)
    labels.withUnsafeBufferPointer { labels in
      for label in labels where label >= 0 && Int(label) < classCount { counts[Int(label)] += 1 }
    }
    return counts
  }
}

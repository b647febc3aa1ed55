/// A batch of transformed images and their labels.
public struct Batch: Sendable {
  /// count × C × H × W Floats, NCHW (image after image, each planar), normalised.
  public let images: [Float]
  /// One label per image.
  public let labels: [Int32]
  /// The number of images (the batch size, or fewer for a final partial batch).
  public let count: Int
  /// [count, C, H, W].
  public let shape: [Int]
  /// Where this batch sits in the loader's sequence.
  public let cursor: LoaderCursor
  /// The dataset indices of the images, in batch order.
  public let indices: [Int]

  /// A batch made by hand (for scoring or tests); loaders make their own.
  public init(
    images: [Float], labels: [Int32], shape: [Int], cursor: LoaderCursor = LoaderCursor(),
    indices: [Int] = []
  ) {
    precondition(
      shape.count == 4 && shape[0] == labels.count,
      "shape \(shape) does not fit \(labels.count) labels")
    precondition(
      images.count == shape.reduce(1, *), "\(images.count) values do not fill shape \(shape)")
    self.images = images
    self.labels = labels
    self.count = labels.count
    self.shape = shape
    self.cursor = cursor
    self.indices = indices
  }
}

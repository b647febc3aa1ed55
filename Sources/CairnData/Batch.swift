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
}

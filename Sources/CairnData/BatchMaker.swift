import CairnCore

/// Builds any batch of a loader's sequence from its cursor: a pure function of (seed, epoch, batch).
///
/// Epoch e visits `indices` in the order of a Fisher–Yates shuffle with
/// `RandomStream(seed: mix(seed, e), name: "cairn.data.order")` (or in the given order without shuffling); batch b
/// holds positions b·batchSize ..< (b+1)·batchSize of that order. The image at position p draws its augmentation
/// from `RandomStream(seed: mix(seed, e, p), name: "cairn.data.augment")`, so it does not depend on which thread
/// or in which batch size it is made, nor on which data-parallel shard of the batch makes it.
struct BatchMaker: Sendable {
  let dataset: ImageDataset
  let indices: [Int]
  let batchSize: Int
  let shuffle: Bool
  let transform: ImageTransform
  let batchesPerEpoch: Int
  let seed: UInt64
  /// [C, H′, W′] of the produced images.
  let imageShape: [Int]
  /// The slice of each batch this loader makes (the whole batch unless the job is data-parallel).
  let shard: DataShard

  /// The order in which epoch `epoch` visits the indices. O(N).
  func order(epoch: Int) -> [Int] {
    guard shuffle else { return indices }
    var order = indices
    var random = RandomStream(seed: StreamKey.mix(seed, epoch), name: "cairn.data.order")
    random.shuffle(&order)
    return order
  }

  /// The batch at `cursor`, given the epoch's order.
  func make(_ cursor: LoaderCursor, order: [Int]) -> Batch {
    let batchStart = cursor.batch * batchSize
    let batchEnd = min(batchStart + batchSize, order.count)
    let slice = shard.positions(inBatchOf: batchEnd - batchStart)
    let start = batchStart + slice.lowerBound
    let members = Array(order[start..<batchStart + slice.upperBound])
    let outputSize = imageShape.reduce(1, *)
    let inputSize = dataset.imageSize
    let (channels, height, width) = (dataset.channels, dataset.height, dataset.width)
    var images = [Float](repeating: 0, count: members.count * outputSize)
    dataset.pixels.withUnsafeBufferPointer { pixels in
      images.withUnsafeMutableBufferPointer { output in
        for (k, index) in members.enumerated() {
          let draw: AugmentationDraw
          if transform.augments {
            var random = RandomStream(
              seed: StreamKey.mix(seed, cursor.epoch, start + k), name: "cairn.data.augment")
            draw = transform.draw(&random)
          } else {
            draw = .identity
          }
          transform.apply(
            UnsafeBufferPointer(rebasing: pixels[index * inputSize..<(index + 1) * inputSize]),
            channels: channels, height: height, width: width, draw: draw,
            into: UnsafeMutableBufferPointer(
              rebasing: output[k * outputSize..<(k + 1) * outputSize]))
        }
      }
    }
    return Batch(
      images: images, labels: members.map { dataset.labels[$0] },
      shape: [members.count] + imageShape, cursor: cursor, indices: members)
  }

  /// The batch at `cursor`, computing the epoch's order (O(N)).
  func make(_ cursor: LoaderCursor) -> Batch {
    make(cursor, order: order(epoch: cursor.epoch))
  }
}

import CairnCore
import Foundation

/// A position in a loader's endless sequence of batches: the epoch and the batch within it.
public struct LoaderCursor: Codable, Hashable, Sendable {
  public var epoch: Int
  public var batch: Int
  public init(epoch: Int = 0, batch: Int = 0) {
    self.epoch = epoch
    self.batch = batch
  }
}

/// A batch of transformed images [count, C, H, W] (row-major Floats) and their labels.
public struct Batch: Sendable {
  public let images: [Float]
  public let labels: [Int32]
  public let count: Int
  /// [count, C, H, W].
  public let shape: [Int]
  /// Where this batch sits in the loader's sequence.
  public let cursor: LoaderCursor
}

/// Produces batches epoch after epoch from a dataset subset, preparing the next ones on a background thread.
///
/// The sequence is a pure function of (seed, epoch, position): each epoch's order comes from a stream named after the
/// epoch, and each image's augmentation from a stream named after its epoch and position. So a loader created at a
/// cursor yields exactly the batches an uninterrupted loader yields from there, which is what makes resumed
/// training identical to uninterrupted training.
public final class BatchLoader: @unchecked Sendable {
  public let batchSize: Int
  public let batchesPerEpoch: Int
  /// [C, H, W] of the produced images.
  public let imageShape: [Int]
  private let producer: Producer

  /// - Parameters:
  ///   - indices: which images of `dataset` to use (a split).
  ///   - shuffle: a new seeded order every epoch; otherwise the order of `indices`.
  ///   - augment: apply the transform's random crop and flip.
  ///   - dropLast: drop a final partial batch.
  ///   - prefetch: how many batches to prepare ahead (0: none, computed on demand).
  public init(
    dataset: ImageDataset, indices: [Int], batchSize: Int, shuffle: Bool, transform: ImageTransform,
    augment: Bool,
    dropLast: Bool, seed: UInt64, start: LoaderCursor = LoaderCursor(), prefetch: Int = 2
  ) throws(CairnError) {
    guard batchSize > 0 else {
      throw .invalidInput("batch size must be positive, got \(batchSize)")
    }
    guard !indices.isEmpty else { throw .invalidInput("cannot load batches from an empty split") }
    let perEpoch =
      dropLast ? indices.count / batchSize : (indices.count + batchSize - 1) / batchSize
    guard perEpoch > 0 else {
      throw .invalidInput(
        "batch size \(batchSize) is larger than the \(indices.count) images of the split")
    }
    self.batchSize = batchSize
    batchesPerEpoch = perEpoch
    let (height, width) = transform.outputSize(height: dataset.height, width: dataset.width)
    imageShape = [dataset.channels, height, width]
    let maker = BatchMaker(
      dataset: dataset, indices: indices, batchSize: batchSize, shuffle: shuffle,
      transform: transform,
      augment: augment, batchesPerEpoch: perEpoch, seed: seed, imageShape: imageShape)
    producer = Producer(maker: maker, start: start, depth: prefetch)
  }

  deinit { producer.stop() }

  /// The next batch (blocking until it is ready).
  public func next() -> Batch { producer.next() }
}

/// Builds any batch of the sequence from its cursor.
struct BatchMaker: Sendable {
  let dataset: ImageDataset
  let indices: [Int]
  let batchSize: Int
  let shuffle: Bool
  let transform: ImageTransform
  let augment: Bool
  let batchesPerEpoch: Int
  let seed: UInt64
  let imageShape: [Int]

  func order(epoch: Int) -> [Int] {
    guard shuffle else { return indices }
    var order = indices
    var random = RandomStream(seed: seed, name: "loader order epoch \(epoch)")
    random.shuffle(&order)
    return order
  }

  func make(_ cursor: LoaderCursor, order: [Int]) -> Batch {
    let start = cursor.batch * batchSize
    let members = Array(order[start..<min(start + batchSize, order.count)])
    let outSize = imageShape.reduce(1, *)
    var images = [Float](repeating: 0, count: members.count * outSize)
    var activeTransform = transform
    if !augment { activeTransform.cropPadding = nil }
    dataset.pixels.withUnsafeBufferPointer { pixels in
      images.withUnsafeMutableBufferPointer { out in
        for (k, index) in members.enumerated() {
          var random = RandomStream(
            seed: seed, name: "augment epoch \(cursor.epoch) position \(start + k)")
          let source = UnsafeBufferPointer(
            rebasing: pixels[index * dataset.imageSize..<(index + 1) * dataset.imageSize])
          let target = UnsafeMutableBufferPointer(rebasing: out[k * outSize..<(k + 1) * outSize])
          activeTransform.apply(
            source, channels: dataset.channels, height: dataset.height, width: dataset.width,
            into: target,
            random: &random)
        }
      }
    }
    return Batch(
      images: images, labels: members.map { dataset.labels[$0] }, count: members.count,
      shape: [members.count] + imageShape, cursor: cursor)
  }
}

/// Runs a `BatchMaker` ahead of the consumer on a background thread, keeping up to `depth` batches ready.
final class Producer: @unchecked Sendable {
  private let maker: BatchMaker
  private let condition = NSCondition()
  private var ready: [Batch] = []
  private var nextToMake: LoaderCursor
  private var stopped = false
  private let depth: Int
  private var cachedOrder: (epoch: Int, order: [Int])?

  init(maker: BatchMaker, start: LoaderCursor, depth: Int) {
    self.maker = maker
    nextToMake = start
    self.depth = depth
    if depth > 0 {
      let thread = Thread { [self] in run() }
      thread.name = "cairn.batch-loader"
      thread.start()
    }
  }

  private func order(for epoch: Int) -> [Int] {
    if let cachedOrder, cachedOrder.epoch == epoch { return cachedOrder.order }
    let order = maker.order(epoch: epoch)
    cachedOrder = (epoch, order)
    return order
  }

  private func advance(_ cursor: LoaderCursor) -> LoaderCursor {
    cursor.batch + 1 < maker.batchesPerEpoch
      ? LoaderCursor(epoch: cursor.epoch, batch: cursor.batch + 1)
      : LoaderCursor(epoch: cursor.epoch + 1, batch: 0)
  }

  private func run() {
    while true {
      condition.lock()
      while ready.count >= depth && !stopped { condition.wait() }
      if stopped {
        condition.unlock()
        return
      }
      let cursor = nextToMake
      nextToMake = advance(cursor)
      condition.unlock()
      let batch = maker.make(cursor, order: order(for: cursor.epoch))
      condition.lock()
      ready.append(batch)
      condition.broadcast()
      condition.unlock()
    }
  }

  func next() -> Batch {
    if depth == 0 {
      let cursor = nextToMake
      nextToMake = advance(cursor)
      return maker.make(cursor, order: order(for: cursor.epoch))
    }
    condition.lock()
    defer { condition.unlock() }
    while ready.isEmpty { condition.wait() }
    let batch = ready.removeFirst()
    condition.broadcast()
    return batch
  }

  func stop() {
    condition.lock()
    stopped = true
    condition.broadcast()
    condition.unlock()
  }
}

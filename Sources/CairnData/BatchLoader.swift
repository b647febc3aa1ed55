import CairnCore
import Foundation

/// Produces batches epoch after epoch from a dataset subset, preparing the next ones on a background thread.
///
/// The sequence is a pure function of (seed, epoch, position) — see `BatchMaker` for the exact streams — so a
/// loader created at a cursor yields exactly the batches an uninterrupted loader yields from there, which is
/// what makes resumed training identical to uninterrupted training. `next()` cycles through epochs without end
/// (training, and validation batches for search); `epoch(_:from:)` iterates one epoch and stops (evaluation).
/// Batches are prepared `prefetch` ahead on a background thread that `cancel()` and `deinit` stop and join.
/// Use one loader from one thread at a time.
public final class BatchLoader: @unchecked Sendable {
  public let batchSize: Int
  public let batchesPerEpoch: Int
  /// [C, H, W] of the produced images.
  public let imageShape: [Int]
  /// How many batches are prepared ahead (0: none, made on demand).
  public let prefetch: Int
  private let maker: BatchMaker
  private let lock = NSLock()
  // Guarded by `lock`:
  private var nextCursor: LoaderCursor
  private var producer: BatchProducer?

  /// - Parameters:
  ///   - indices: which images of `dataset` to use (a split); each in 0..<dataset.count.
  ///   - shuffle: a new seeded order every epoch; otherwise the order of `indices`.
  ///   - transform: normalisation, border and (when `augment`) crop and flip.
  ///   - augment: apply the transform's random crop and flip; false uses it for normalisation only.
  ///   - dropLast: drop a final partial batch.
  ///   - seed: the seed of the epoch orders and augmentation draws.
  ///   - start: the cursor of the first batch `next()` returns.
  ///   - prefetch: how many batches to prepare ahead (0: none, computed on demand).
  ///   - shard: the slice of every batch to make (data-parallel training: `batchSize` must be a multiple of the
  ///     shard count, and the last partial batch is dropped); batches then hold batchSize / count images.
  public init(
    dataset: ImageDataset, indices: [Int], batchSize: Int, shuffle: Bool, transform: ImageTransform,
    augment: Bool, dropLast: Bool, seed: UInt64, start: LoaderCursor = LoaderCursor(),
    prefetch: Int = 2, shard: DataShard = .whole
  ) throws(CairnError) {
    guard batchSize > 0 else {
      throw .invalidInput("batch size must be positive, got \(batchSize)")
    }
    guard shard.count == 1 || (dropLast && batchSize % shard.count == 0) else {
      throw .invalidInput(
        "a batch of \(batchSize) cannot be split into \(shard.count) equal shards\(dropLast ? "" : " (partial batches kept)")"
      )
    }
    guard prefetch >= 0 else {
      throw .invalidInput("prefetch depth must not be negative, got \(prefetch)")
    }
    guard !indices.isEmpty else { throw .invalidInput("cannot load batches from an empty split") }
    if let bad = indices.first(where: { $0 < 0 || $0 >= dataset.count }) {
      throw .invalidInput(
        "image index \(bad) is outside the dataset's \(dataset.count) images (\(dataset.source))")
    }
    try Self.validate(transform, channels: dataset.channels)
    let perEpoch =
      dropLast ? indices.count / batchSize : (indices.count + batchSize - 1) / batchSize
    guard perEpoch > 0 else {
      throw .invalidInput(
        "batch size \(batchSize) is larger than the \(indices.count) images of the split and the last batch is dropped"
      )
    }
    var start = start
    if start.batch == perEpoch { start = LoaderCursor(epoch: start.epoch + 1, batch: 0) }
    guard start.epoch >= 0 && start.batch >= 0 && start.batch < perEpoch else {
      throw .invalidInput("loader cursor (\(start)) is outside the \(perEpoch) batches of an epoch")
    }
    var activeTransform = transform
    if !augment { activeTransform.cropPadding = nil }
    let (height, width) = transform.outputSize(height: dataset.height, width: dataset.width)
    self.batchSize = batchSize
    self.prefetch = prefetch
    batchesPerEpoch = perEpoch
    imageShape = [dataset.channels, height, width]
    nextCursor = start
    maker = BatchMaker(
      dataset: dataset, indices: indices, batchSize: batchSize, shuffle: shuffle,
      transform: activeTransform,
      batchesPerEpoch: perEpoch, seed: seed, imageShape: imageShape, shard: shard)
  }

  deinit { producer?.stop() }

  /// The cursor of the batch `next()` returns next (store it in a checkpoint to resume there).
  public var cursor: LoaderCursor {
    lock.lock()
    defer { lock.unlock() }
    return nextCursor
  }

  /// The next batch, blocking until it is ready; after the last batch of an epoch comes the first of the next.
  public func next() -> Batch {
    lock.lock()
    defer { lock.unlock() }
    let active: BatchProducer
    if let producer {
      active = producer
    } else {
      active = BatchProducer(maker: maker, start: nextCursor, end: nil, depth: prefetch)
      producer = active
    }
    guard let batch = active.next() else { preconditionFailure("an endless batch sequence ended") }
    nextCursor = batch.cursor.advanced(batchesPerEpoch: batchesPerEpoch)
    return batch
  }

  /// Stops preparing batches and joins the background thread. The loader stays usable: a later `next()` starts
  /// again from `cursor`.
  public func cancel() {
    lock.lock()
    let active = producer
    producer = nil
    lock.unlock()
    active?.stop()
  }

  /// The batches of one epoch from batch `first` on, prepared ahead on their own background thread; independent
  /// of `next()` and `cursor`.
  public func epoch(_ epoch: Int, from first: Int = 0) -> EpochBatches {
    precondition(
      epoch >= 0 && first >= 0 && first <= batchesPerEpoch,
      "epoch \(epoch), batch \(first) out of range")
    return EpochBatches(
      maker: maker, start: LoaderCursor(epoch: epoch, batch: first),
      end: LoaderCursor(epoch: epoch + 1),
      prefetch: prefetch)
  }

  /// The batch at `cursor`, made synchronously (computes the epoch's order: O(N)).
  public func batch(at cursor: LoaderCursor) -> Batch {
    precondition(
      cursor.batch >= 0 && cursor.batch < batchesPerEpoch, "batch \(cursor.batch) out of range")
    return maker.make(cursor)
  }

  private static func validate(_ transform: ImageTransform, channels: Int) throws(CairnError) {
    guard transform.mean.count == channels && transform.std.count == channels else {
      throw .invalidInput(
        "the transform has \(transform.mean.count) means and \(transform.std.count) standard deviations for \(channels)-channel images"
      )
    }
    guard
      transform.std.allSatisfy({ $0 > 0 && $0.isFinite }) && transform.mean.allSatisfy(\.isFinite)
    else {
      throw .invalidInput("normalisation needs finite means and positive standard deviations")
    }
    guard transform.border >= 0 && (transform.cropPadding ?? 0) >= 0 else {
      throw .invalidInput("border and crop padding must not be negative")
    }
  }
}

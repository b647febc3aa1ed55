/// The batches of a loader between two cursors, as a sequence: `for batch in loader.epoch(3) { … }`.
///
/// Each iterator prepares its batches ahead on its own background thread, started on the first `next()` and
/// stopped when the iterator is released or exhausted.
public struct EpochBatches: Sequence, Sendable {
  let maker: BatchMaker
  let start: LoaderCursor
  let end: LoaderCursor
  let prefetch: Int

  public func makeIterator() -> BatchIterator {
    BatchIterator(maker: maker, start: start, end: end, prefetch: prefetch)
  }
}

/// Yields the batches from a start cursor up to an end cursor, prepared ahead on a background thread.
public final class BatchIterator: IteratorProtocol, @unchecked Sendable {
  private let maker: BatchMaker
  private let start: LoaderCursor
  private let end: LoaderCursor
  private let prefetch: Int
  private var producer: BatchProducer?
  private var finished = false

  init(maker: BatchMaker, start: LoaderCursor, end: LoaderCursor, prefetch: Int) {
    self.maker = maker
    self.start = start
    self.end = end
    self.prefetch = prefetch
  }

  deinit { producer?.stop() }

  public func next() -> Batch? {
    guard !finished else { return nil }
    if producer == nil {
      producer = BatchProducer(maker: maker, start: start, end: end, depth: prefetch)
    }
    if let batch = producer?.next() { return batch }
    finished = true
    producer?.stop()
    producer = nil
    return nil
  }
}

import Foundation

/// Runs a `BatchMaker` ahead of its consumer on a background thread, keeping up to `depth` batches ready.
///
/// The thread makes batches from `start` up to (not including) `end`, or forever when `end` is nil, and waits
/// while `depth` batches are ready. `stop()` ends it and waits for the thread to exit (at most the time to finish
/// the batch in progress); owners call it from `deinit`. With depth 0 there is no thread: `next()` makes the batch
/// on the caller's thread.
final class BatchProducer: @unchecked Sendable {
  private let maker: BatchMaker
  private let end: LoaderCursor?
  private let depth: Int
  private let condition = NSCondition()
  // Guarded by `condition`:
  private var ready: [Batch] = []
  private var exhausted = false
  private var stopped = false
  private var threadRunning = false
  // Used only by the thread that makes batches (the background thread, or the caller when depth is 0):
  private var nextToMake: LoaderCursor
  private var cachedOrder: (epoch: Int, order: [Int])?

  init(maker: BatchMaker, start: LoaderCursor, end: LoaderCursor?, depth: Int) {
    self.maker = maker
    self.end = end
    self.depth = depth
    nextToMake = start
    guard depth > 0 else { return }
    threadRunning = true
    let thread = Thread { [self] in run() }
    thread.name = "cairn.batch-producer"
    thread.start()
  }

  /// The next batch, blocking until it is ready; nil after `end` or after `stop()`.
  func next() -> Batch? {
    guard depth > 0 else { return makeNext() }
    condition.lock()
    defer { condition.unlock() }
    while ready.isEmpty && !exhausted && !stopped { condition.wait() }
    guard !ready.isEmpty else { return nil }
    let batch = ready.removeFirst()
    condition.broadcast()
    return batch
  }

  /// Stops the background thread and waits until it has exited. Idempotent.
  func stop() {
    condition.lock()
    stopped = true
    ready.removeAll()
    condition.broadcast()
    while threadRunning { condition.wait() }
    condition.unlock()
  }

  private func run() {
    while true {
      condition.lock()
      while ready.count >= depth && !stopped { condition.wait() }
      let stopping = stopped
      condition.unlock()
      guard !stopping, let batch = makeNext() else { break }
      condition.lock()
      if !stopped { ready.append(batch) }
      condition.broadcast()
      condition.unlock()
    }
    condition.lock()
    exhausted = true
    threadRunning = false
    condition.broadcast()
    condition.unlock()
  }

  /// Makes the batch at `nextToMake` and advances it; nil at `end`.
  private func makeNext() -> Batch? {
    if let end, nextToMake >= end { return nil }
    let cursor = nextToMake
    nextToMake = cursor.advanced(batchesPerEpoch: maker.batchesPerEpoch)
    let order: [Int]
    if let cached = cachedOrder, cached.epoch == cursor.epoch {
      order = cached.order
    } else {
      order = maker.order(epoch: cursor.epoch)
      cachedOrder = (cursor.epoch, order)
    }
    return maker.make(cursor, order: order)
  }
}

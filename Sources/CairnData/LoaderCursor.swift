/// A position in a loader's sequence of batches: the epoch and the batch within it (both from 0).
///
/// A checkpoint stores the cursor of the next batch to train on; a loader created at that cursor yields exactly
/// the batches an uninterrupted loader would. Cursors order by epoch, then batch.
public struct LoaderCursor: Codable, Hashable, Comparable, Sendable, CustomStringConvertible {
  public var epoch: Int
  public var batch: Int

  public init(epoch: Int = 0, batch: Int = 0) {
    self.epoch = epoch
    self.batch = batch
  }

  public static func < (lhs: LoaderCursor, rhs: LoaderCursor) -> Bool {
    (lhs.epoch, lhs.batch) < (rhs.epoch, rhs.batch)
  }

  /// The cursor after this one, for epochs of `batchesPerEpoch` batches.
  public func advanced(batchesPerEpoch: Int) -> LoaderCursor {
    batch + 1 < batchesPerEpoch
      ? LoaderCursor(epoch: epoch, batch: batch + 1) : LoaderCursor(epoch: epoch + 1, batch: 0)
  }

  public var description: String { "epoch \(epoch), batch \(batch)" }
}

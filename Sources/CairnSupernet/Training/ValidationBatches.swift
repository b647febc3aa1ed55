import CairnData

/// The stream of augmented validation batches that the landmark term and GDAS's architecture steps draw from, in
/// one shared order; its cursor is saved with the run state.
final class ValidationBatches {
  let loader: BatchLoader
  private(set) var cursor: LoaderCursor

  init(loader: BatchLoader, cursor: LoaderCursor) {
    self.loader = loader
    self.cursor = cursor
  }

  /// The next batch; advances the cursor.
  func next() -> Batch {
    let batch = loader.next()
    cursor = batch.cursor.advanced(batchesPerEpoch: loader.batchesPerEpoch)
    return batch
  }
}

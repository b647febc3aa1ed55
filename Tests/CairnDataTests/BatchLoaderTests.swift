import CairnCore
import Foundation
import Testing

@testable import CairnData

@Suite struct BatchLoaderTests {
  let dataset = syntheticDataset(count: 103)
  let transform = ImageTransform(
    mean: [0.5, 0.4, 0.3], std: [0.2, 0.25, 0.3], cropPadding: 1, border: 0)

  func loader(
    seed: UInt64 = 1, start: LoaderCursor = LoaderCursor(), prefetch: Int = 2,
    dropLast: Bool = false,
    shuffle: Bool = true, augment: Bool = true, indices: [Int]? = nil
  ) throws -> BatchLoader {
    try BatchLoader(
      dataset: dataset, indices: indices ?? Array(0..<dataset.count), batchSize: 10,
      shuffle: shuffle,
      transform: transform, augment: augment, dropLast: dropLast, seed: seed, start: start,
      prefetch: prefetch)
  }

  func same(_ a: Batch, _ b: Batch) -> Bool {
    a.cursor == b.cursor && a.indices == b.indices && a.labels == b.labels && a.images == b.images
      && a.shape == b.shape
  }

  @Test func sameSeedGivesSameBatches() throws {
    let a = try loader(seed: 4)
    let b = try loader(seed: 4, prefetch: 0)
    let c = try loader(seed: 5)
    var differs = false
    for _ in 0..<25 {
      let (x, y, z) = (a.next(), b.next(), c.next())
      #expect(same(x, y))
      if x.indices != z.indices || x.images != z.images { differs = true }
    }
    #expect(differs)
  }

  @Test func resumingAtACursorContinuesTheUninterruptedSequence() throws {
    let uninterrupted = try loader(seed: 9)
    let batches = (0..<30).map { _ in uninterrupted.next() }
    #expect(batches[11].cursor == LoaderCursor(epoch: 1, batch: 0))
    #expect(uninterrupted.cursor == LoaderCursor(epoch: 2, batch: 8))
    for start in [13, 22] {
      let resumed = try loader(seed: 9, start: batches[start].cursor)
      for k in start..<30 { #expect(same(resumed.next(), batches[k])) }
    }
    // Cancelling joins the thread; the loader then carries on from its cursor.
    let interrupted = try loader(seed: 9)
    for k in 0..<5 { #expect(same(interrupted.next(), batches[k])) }
    interrupted.cancel()
    for k in 5..<15 { #expect(same(interrupted.next(), batches[k])) }
    #expect(same(uninterrupted.batch(at: batches[17].cursor), batches[17]))
  }

  @Test func everyEpochVisitsEveryIndexExactlyOnce() throws {
    let subset = Array(stride(from: 0, to: 103, by: 2))  // a split of 52 images
    let loader = try loader(indices: subset)
    #expect(loader.batchesPerEpoch == 6)
    var orders: [[Int]] = []
    for epoch in 0..<3 {
      var seen: [Int] = []
      for batch in loader.epoch(epoch) {
        #expect(batch.count == batch.indices.count && batch.labels.count == batch.count)
        #expect(batch.images.count == batch.count * 3 * 4 * 4)
        #expect(batch.shape == [batch.count, 3, 4, 4])
        #expect(batch.labels == batch.indices.map { dataset.labels[$0] })
        seen += batch.indices
      }
      #expect(seen.sorted() == subset)
      orders.append(seen)
    }
    #expect(orders[0] != orders[1])
    let dropping = try self.loader(dropLast: true, indices: subset)
    #expect(dropping.batchesPerEpoch == 5)
    #expect(Array(dropping.epoch(0)).map(\.count) == [10, 10, 10, 10, 10])
  }

  @Test func epochSequenceMatchesTheCyclingSequence() throws {
    let cycling = try loader(seed: 3)
    let first = (0..<11).map { _ in cycling.next() }
    let second = (0..<11).map { _ in cycling.next() }
    let epochOne = Array(try loader(seed: 3).epoch(1))
    #expect(epochOne.count == 11)
    for (a, b) in zip(epochOne, second) { #expect(same(a, b)) }
    #expect(first.last?.count == 3)
    let tail = Array(try loader(seed: 3).epoch(0, from: 9))
    #expect(tail.count == 2 && same(tail[0], first[9]))
  }

  @Test func evaluationBatchesAreInOrderAndNormalisedOnly() throws {
    let loader = try loader(shuffle: false, augment: false)
    let batch = loader.next()
    #expect(batch.indices == Array(0..<10))
    let size = dataset.imageSize
    for i in [0, 5, 47] {
      let pixel = Float(dataset.pixels[i])
      let c = i / 16
      let expected = (pixel / 255 - transform.mean[c]) / transform.std[c]
      #expect(abs(batch.images[i] - expected) < 1e-5)
    }
    #expect(batch.images.count == 10 * size)
  }

  @Test func augmentationIsAPureFunctionOfSeedEpochAndPosition() throws {
    let a = try loader(seed: 2, shuffle: false)
    let b = try BatchLoader(
      dataset: dataset, indices: Array(0..<dataset.count), batchSize: 7, shuffle: false,
      transform: transform,
      augment: true, dropLast: false, seed: 2)
    let fromA = a.next().images
    let fromB = b.next().images + b.next().images
    #expect(Array(fromA) == Array(fromB[0..<fromA.count]))
    let c = try loader(seed: 2, shuffle: false, augment: false)
    #expect(c.next().images != fromA)
  }

  @Test func releasingLoadersMidStreamStopsTheirThreads() throws {
    for prefetch in [1, 2, 3] {
      for _ in 0..<20 {
        let loader = try loader(prefetch: prefetch)
        _ = loader.next()
        let iterator = loader.epoch(0).makeIterator()
        _ = iterator.next()
      }
    }
    // Loaders that never produced a batch start no thread at all.
    _ = try loader()
  }

  @Test func invalidSettingsAreRejected() throws {
    expectError("batch size must be positive") {
      _ = try BatchLoader(
        dataset: dataset, indices: [0], batchSize: 0, shuffle: false, transform: transform,
        augment: false,
        dropLast: false, seed: 0)
    }
    expectError("image index 103 is outside the dataset's 103 images") {
      _ = try loader(indices: [0, 103])
    }
    expectError("cannot load batches from an empty split") { _ = try loader(indices: []) }
    expectError("larger than the 3 images") { _ = try loader(dropLast: true, indices: [0, 1, 2]) }
    expectError("loader cursor (epoch 0, batch 12) is outside the 11 batches") {
      _ = try loader(start: LoaderCursor(epoch: 0, batch: 12))
    }
    expectError("1 means and 1 standard deviations for 3-channel images") {
      _ = try BatchLoader(
        dataset: dataset, indices: [0], batchSize: 1, shuffle: false,
        transform: .evaluation(for: .fashionMNIST),
        augment: false, dropLast: false, seed: 0)
    }
    #expect(
      try loader(start: LoaderCursor(epoch: 0, batch: 11)).cursor
        == LoaderCursor(epoch: 1, batch: 0))
  }

  @Test func cursorRoundTripsThroughJSON() throws {
    let cursor = LoaderCursor(epoch: 3, batch: 17)
    let decoded = try JSONDecoder().decode(LoaderCursor.self, from: JSONEncoder().encode(cursor))
    #expect(decoded == cursor)
    #expect(LoaderCursor(epoch: 1, batch: 5) < LoaderCursor(epoch: 2, batch: 0))
  }
}

import CairnCore
import Testing

@testable import CairnData

/// The shards of a data-parallel job together make exactly the single-process batch: the same images, in order,
/// with the same augmentation draws.
@Suite struct DataShardTests {
  let dataset = syntheticDataset(count: 103)
  let transform = ImageTransform(
    mean: [0.5, 0.4, 0.3], std: [0.2, 0.25, 0.3], cropPadding: 1, border: 0)

  func loader(_ shard: DataShard, batchSize: Int = 12, dropLast: Bool = true) throws -> BatchLoader
  {
    try BatchLoader(
      dataset: dataset, indices: Array(0..<dataset.count), batchSize: batchSize, shuffle: true,
      transform: transform, augment: true, dropLast: dropLast, seed: 3,
      start: LoaderCursor(epoch: 1, batch: 2), shard: shard)
  }

  @Test(arguments: [2, 3, 4])
  func shardsTogetherAreTheWholeBatch(_ count: Int) throws {
    let whole = try loader(.whole)
    let shards = try (0..<count).map { try loader(try DataShard(index: $0, count: count)) }
    for _ in 0..<10 {
      let batch = whole.next()
      let parts = shards.map { $0.next() }
      #expect(parts.allSatisfy { $0.cursor == batch.cursor && $0.shape[0] == 12 / count })
      #expect(parts.flatMap(\.indices) == batch.indices)
      #expect(parts.flatMap(\.labels) == batch.labels)
      #expect(parts.flatMap(\.images) == batch.images)
    }
  }

  @Test func aBatchThatDoesNotSplitEvenlyIsRefused() throws {
    #expect(throws: CairnError.self) { try loader(try DataShard(index: 0, count: 5)) }
    #expect(throws: CairnError.self) {
      try loader(try DataShard(index: 0, count: 2), dropLast: false)
    }
    #expect(throws: CairnError.self) { try DataShard(index: 2, count: 2) }
    #expect(throws: CairnError.self) { try DataShard(index: 0, count: 0) }
  }
}

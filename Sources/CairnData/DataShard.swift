import CairnCore

/// Which slice of every batch one process of a data-parallel job takes: shard `index` of `count` equal slices,
/// positions index·B/count ..< (index+1)·B/count of a batch of B. The slices of all shards are the whole batch,
/// with the same images and augmentations (see `BatchMaker`).
public struct DataShard: Sendable, Hashable, CustomStringConvertible {
  public let index: Int
  public let count: Int

  /// The whole batch (a single process).
  public static let whole = DataShard(uncheckedIndex: 0, count: 1)

  public init(index: Int, count: Int) throws(CairnError) {
    guard count > 0 && index >= 0 && index < count else {
      throw .invalidInput("data shard \(index) of \(count) does not exist")
    }
    self.init(uncheckedIndex: index, count: count)
  }

  private init(uncheckedIndex index: Int, count: Int) {
    self.index = index
    self.count = count
  }

  /// The positions of this shard in a batch of `size` (a multiple of `count`).
  func positions(inBatchOf size: Int) -> Range<Int> {
    let per = size / count
    return index * per..<(index + 1) * per
  }

  public var description: String { "shard \(index + 1) of \(count)" }
}

import Foundation

/// The official training and test parts of a dataset, and where they were found.
public struct DatasetSplits: Sendable {
  public let train: ImageDataset
  public let test: ImageDataset
  /// The directory the files were read from.
  public let directory: URL

  public init(train: ImageDataset, test: ImageDataset, directory: URL) {
    self.train = train
    self.test = test
    self.directory = directory
  }

  /// The training images a run with `limit` uses: the first `limit` (all when nil).
  public func trainIndices(limit: Int?) -> [Int] {
    Array(0..<min(limit ?? train.count, train.count))
  }

  /// The test images a run with `limit` uses: the first `limit / 4`, at least one (all when nil), so that a
  /// quick check also tests quickly.
  public func testIndices(limit: Int?) -> [Int] {
    Array(0..<min(limit.map { max($0 / 4, 1) } ?? test.count, test.count))
  }
}

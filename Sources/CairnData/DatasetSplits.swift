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
}

/// Whether a dataset can be used, where it is, and how many images it has (one row of `cairn doctor`).
public struct DatasetAvailability: Sendable {
  public let dataset: DatasetName
  /// Where the files were found; nil when no directory could be chosen.
  public let location: DataLocation?
  /// Images in the official training and test parts (0 when unavailable).
  public let trainCount: Int
  public let testCount: Int
  /// Why the dataset cannot be used; nil when it loads.
  public let problem: String?

  public init(
    dataset: DatasetName, location: DataLocation?, trainCount: Int = 0, testCount: Int = 0,
    problem: String? = nil
  ) {
    self.dataset = dataset
    self.location = location
    self.trainCount = trainCount
    self.testCount = testCount
    self.problem = problem
  }

  /// True when the dataset loads.
  public var isAvailable: Bool { problem == nil }

  /// "5438 train / 1017 test images in DIR (built-in)" or "not available: REASON".
  public var status: String {
    if let problem { return "not available: \(problem)" }
    guard let location else { return "not available" }
    let note =
      dataset == .cifar10 && location.origin == .builtIn
      ? "built-in prefix subset, not the complete CIFAR-10" : location.origin.rawValue
    return "\(trainCount) train / \(testCount) test images in \(location.directory.path) (\(note))"
  }
}

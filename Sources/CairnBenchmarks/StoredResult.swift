import CairnCore
import CairnSpaces
import Foundation

/// The outcome of one stand-alone training run, as a `ResultsStore` keeps it.
///
/// One row per (space, dataset, configuration hash, architecture, seed); recording the same five again is an
/// error rather than a silent second sample.
public struct StoredResult: Hashable, Sendable, Codable {
  /// The search space's short name, such as `nb201` (lowercase letters, digits, `_` and `-`).
  public var space: String
  /// The architecture in the space's text form; for `nb201`, `nb101`, `darts` and `resnet20-width` it must parse in that space.
  public var architecture: String
  /// The dataset trained and tested on, such as `cifar10` (lowercase letters, digits, `_` and `-`).
  public var dataset: String
  /// A hash of the training configuration, so that results of different schedules are never averaged together.
  public var configHash: String
  /// The run's seed.
  public var seed: Int
  /// Test accuracy in percent, 0...100.
  public var testAccuracy: Double
  /// The number of training epochs, when known.
  public var epochs: Int?
  /// When the result was recorded (the store keeps milliseconds).
  public var createdAt: Date
  /// The run directory the result came from, when there is one.
  public var runDirectory: String?

  /// Creates a result; `record` validates it.
  public init(
    space: String, architecture: String, dataset: String, configHash: String, seed: Int,
    testAccuracy: Double, epochs: Int?, createdAt: Date = Date(), runDirectory: String? = nil
  ) {
    self.space = space
    self.architecture = architecture
    self.dataset = dataset
    self.configHash = configHash
    self.seed = seed
    self.testAccuracy = testAccuracy
    self.epochs = epochs
    self.createdAt = createdAt
    self.runDirectory = runDirectory
  }

  /// Throws `CairnError.invalidInput` naming the first field that is not acceptable.
  public func validate() throws(CairnError) {
    try Self.checkName(space, field: "space")
    try Self.checkName(dataset, field: "dataset")
    guard !architecture.isEmpty, !architecture.contains(where: \.isNewline) else {
      throw .invalidInput("architecture must be non-empty text on one line")
    }
    switch space {
    case "nb201": _ = try NB201Architecture(parsing: architecture)
    case "nb101": _ = try NB101Architecture(parsing: architecture)
    case "darts": _ = try DARTSGenotype(parsing: architecture)
    case "resnet20-width": _ = try WidthArchitecture(parsing: architecture)
    default: break
    }
    guard !configHash.isEmpty,
      !configHash.contains(where: { $0.isWhitespace || $0 == "," || $0 == "\"" })
    else {
      throw .invalidInput(
        "config hash '\(configHash)' must be non-empty, without spaces, commas or quotes")
    }
    guard seed >= 0 else { throw .invalidInput("seed \(seed) must be non-negative") }
    guard testAccuracy.isFinite, (0...100).contains(testAccuracy) else {
      throw .invalidInput(
        "test accuracy \(testAccuracy) is outside 0...100 (percent, not a fraction)")
    }
    if let epochs, epochs < 1 {
      throw .invalidInput("epochs \(epochs) must be at least 1")
    }
    if let runDirectory, runDirectory.isEmpty {
      throw .invalidInput("run directory must be non-empty when given")
    }
  }

  static func checkName(_ name: String, field: String) throws(CairnError) {
    let allowed = name.utf8.allSatisfy { byte in
      (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x5F || byte == 0x2D
    }
    guard !name.isEmpty, allowed else {
      throw .invalidInput(
        "\(field) '\(name)' must be non-empty lowercase letters, digits, '_' or '-'")
    }
  }
}

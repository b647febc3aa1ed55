import CairnCore
import CairnData
import CairnEngine
import CairnSpaces
import Foundation

/// Everything that defines a stand-alone training run; saved resolved in the run directory.
public struct StandaloneConfiguration: Codable, Hashable, Sendable {
  /// The search space (see `StandaloneRegistry`).
  public var space: SpaceName = .nb201
  /// The architecture in its space's text form.
  public var architecture: String
  public var dataset: DatasetName = .cifar10
  /// Where the data comes from; nil means `$CAIRN_DATA_DIR` or the built-in default.
  public var dataDirectory: String?
  public var epochs = 1
  public var channels = 16
  public var cellsPerStage = 5
  public var batchSize = 256
  public var learningRate: Float = 0.1
  public var minimumLearningRate: Float = 0
  public var momentum: Float = 0.9
  public var nesterov = true
  public var weightDecay: Float = 5e-4
  public var seed: UInt64 = 0
  /// Use only the first N training images (and N/4 test images); nil uses all. For quick checks.
  public var limit: Int?
  /// Fashion-MNIST only: pad the 28×28 images to 32×32 (CIFAR's geometry) instead of keeping 28×28.
  public var padFashionMNIST = false
  /// Training augmentation; nil means the standard `crop-flip` (kept optional so that configurations written
  /// before the option existed keep their protocol hash).
  public var augmentation: Augmentation?
  /// DARTS only: the total number of cells (the DARTS code's `layers`); the other spaces use `cellsPerStage`.
  public var cells: Int?
  /// DARTS only: the weight of the auxiliary head's cross-entropy in the loss (DARTS uses 0.4); nil or 0 builds no
  /// auxiliary head.
  public var auxiliaryWeight: Float?
  /// DARTS only: the drop-path probability p, ramped linearly over the epochs as DARTS does (p · epoch / epochs
  /// in 0-based epoch `epoch`); nil or 0 for none.
  public var dropPath: Float?
  /// The convolutions' number format; nil is fp32 (optional so that fp32 protocols hash as before `bf16` existed).
  public var precision: ConvolutionPrecision?

  // The DARTS-only options are optional so that configurations without them encode (and hash) as before.

  public init(architecture: String) { self.architecture = architecture }

  /// Checks values that cannot be right, naming the option.
  public func validate() throws(CairnError) {
    let binding = try StandaloneRegistry.space(named: space)
    _ = try binding.architecture(architecture)
    if space != .darts {
      for (isSet, option) in [
        (cells != nil, "cells (a total cell count)"), (auxiliaryWeight != nil, "--aux-weight"),
        (dropPath != nil, "--drop-path"),
      ] where isSet {
        throw .invalidInput("\(option) applies to space darts only, not \(space)")
      }
    }
    guard epochs > 0 else { throw .invalidInput("--epochs must be positive, got \(epochs)") }
    guard channels > 0 else { throw .invalidInput("--channels must be positive, got \(channels)") }
    guard cellsPerStage > 0 else {
      throw .invalidInput("--cells must be positive, got \(cellsPerStage)")
    }
    guard batchSize > 0 else {
      throw .invalidInput("--batch-size must be positive, got \(batchSize)")
    }
    guard learningRate > 0, learningRate.isFinite else {
      throw .invalidInput("--lr must be positive, got \(learningRate)")
    }
    if let limit, limit < 4 { throw .invalidInput("--limit must be at least 4, got \(limit)") }
    try (precision ?? .float32).checkSupported()
    try binding.validate(self)
  }

  /// The side of the square images the network sees: 28 for Fashion-MNIST unless padded, else 32.
  public var imageSide: Int { dataset == .fashionMNIST && !padFashionMNIST ? 28 : 32 }

  /// The drop-path probability in 0-based epoch `epoch`: p · epoch / epochs, as DARTS ramps it.
  public func dropPathProbability(epoch: Int) -> Float {
    (dropPath ?? 0) * Float(epoch) / Float(epochs)
  }

  /// A hash of everything that defines the training protocol — all options except the architecture, the seed
  /// and the data location — so results of several seeds and architectures under one protocol group together.
  public var protocolHash: String {
    var protocolOnly = self
    protocolOnly.architecture = ""
    protocolOnly.seed = 0
    protocolOnly.dataDirectory = nil
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    let json = (try? encoder.encode(protocolOnly)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    return String(RandomStream.fnv1a(json), radix: 16)
  }

  /// The resolved configuration as flat YAML (one `key: value` per line).
  public var yaml: String {
    var lines = [
      "space: \(space)", "architecture: \(Self.singleQuoted(architecture))",
      "dataset: \(dataset.rawValue)",
      "data_directory: \(dataDirectory.map(Self.singleQuoted) ?? "null")", "epochs: \(epochs)",
      "channels: \(channels)",
      "cells_per_stage: \(cellsPerStage)", "batch_size: \(batchSize)",
      "learning_rate: \(learningRate)",
      "minimum_learning_rate: \(minimumLearningRate)", "momentum: \(momentum)",
      "nesterov: \(nesterov)",
      "weight_decay: \(weightDecay)", "seed: \(seed)", "limit: \(limit.map(String.init) ?? "null")",
      "pad_fashion_mnist: \(padFashionMNIST)",
      "augmentation: \((augmentation ?? .cropFlip).rawValue)",
    ]
    if let cells { lines.append("cells: \(cells)") }
    if let auxiliaryWeight { lines.append("auxiliary_weight: \(auxiliaryWeight)") }
    if let dropPath { lines.append("drop_path: \(dropPath)") }
    if let precision { lines.append("precision: \(precision.rawValue)") }
    lines.append("optimizer: SGD")
    lines.append("schedule: cosine per step to minimum_learning_rate")
    return lines.joined(separator: "\n") + "\n"
  }

  /// `text` as a YAML single-quoted scalar: quotes inside are doubled, so a DARTS genotype such as
  /// `Genotype(normal=[('sep_conv_3x3', 0), …])` reads back unchanged.
  static func singleQuoted(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
  }
}

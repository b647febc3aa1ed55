import CairnCore
import Foundation

/// The datasets Cairn reads.
public enum DatasetName: String, CaseIterable, Codable, Sendable {
  case cifar10 = "cifar10"
  case cifar100 = "cifar100"
  case fashionMNIST = "fashion-mnist"

  /// Per-channel mean and standard deviation of the training images, in [0, 1] pixel units.
  public var normalization: (mean: [Float], std: [Float]) {
    switch self {
    case .cifar10: return ([0.4914, 0.4822, 0.4465], [0.2470, 0.2435, 0.2616])
    case .cifar100: return ([0.5071, 0.4865, 0.4409], [0.2673, 0.2564, 0.2762])
    case .fashionMNIST: return ([0.2860], [0.3530])
    }
  }

  public var classCount: Int { self == .cifar100 ? 100 : 10 }
}

/// Finds dataset directories: an explicit `--data-dir`, then `$CAIRN_DATA_DIR/<dataset>`, then the built-in default.
///
/// Defaults: CIFAR-10 — the 5,438/1,017-image prefix of the official binary files embedded in Cairn;
/// Fashion-MNIST — Debian's `dataset-fashion-mnist` (`/usr/share/datasets/fashion-mnist`); CIFAR-100 — none.
/// The complete official `cifar-10-batches-bin/` directory drops in unchanged through `--data-dir`.
public enum DatasetLocator {
  /// The environment variable naming a directory with one subdirectory per dataset (`cifar10`, `cifar100`,
  /// `fashion-mnist`).
  public static let environmentVariable = "CAIRN_DATA_DIR"
  public static let fashionMNISTSystemDirectory = "/usr/share/datasets/fashion-mnist"

  /// The embedded CIFAR-10 prefix.
  public static var embeddedCIFAR10: URL? {
    Bundle.module.url(forResource: "cifar-10-prefix", withExtension: nil, subdirectory: "Resources")
      ?? Bundle.module.url(forResource: "cifar-10-prefix", withExtension: nil)
  }

  /// The directory to read `dataset` from.
  public static func directory(for dataset: DatasetName, explicit: String? = nil) throws(CairnError)
    -> URL
  {
    if let explicit { return URL(fileURLWithPath: explicit) }
    if let root = ProcessInfo.processInfo.environment[environmentVariable], !root.isEmpty {
      return URL(fileURLWithPath: root).appendingPathComponent(dataset.rawValue)
    }
    switch dataset {
    case .cifar10:
      guard let url = embeddedCIFAR10 else {
        throw .failure("the embedded CIFAR-10 data is missing from this build")
      }
      return url
    case .fashionMNIST:
      return URL(fileURLWithPath: fashionMNISTSystemDirectory)
    case .cifar100:
      throw .invalidInput(
        "CIFAR-100 has no built-in copy: pass --data-dir DIR (the official cifar-100-binary directory) or set \(environmentVariable)"
      )
    }
  }

  /// Loads the official train/test parts of `dataset`.
  public static func load(_ dataset: DatasetName, explicit: String? = nil) throws(CairnError)
    -> DatasetSplits
  {
    let url = try directory(for: dataset, explicit: explicit)
    switch dataset {
    case .cifar10: return try CIFARReader.read(directory: url, variant: .cifar10)
    case .cifar100: return try CIFARReader.read(directory: url, variant: .cifar100)
    case .fashionMNIST:
      if !FileManager.default.fileExists(atPath: url.path) && explicit == nil {
        throw .invalidFile(
          path: url.path,
          problem:
            "Fashion-MNIST not found; install Debian's dataset-fashion-mnist or pass --data-dir")
      }
      return try IDXReader.read(directory: url)
    }
  }

  /// Throws a clear error unless `url` is an existing directory.
  static func requireDirectory(_ url: URL) throws(CairnError) {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory),
      isDirectory.boolValue
    else {
      throw .invalidFile(path: url.path, problem: "data directory does not exist")
    }
  }

  /// Which datasets can be found now, with their directory and image counts (or the reason they cannot).
  public static func survey() -> [(dataset: DatasetName, status: String)] {
    DatasetName.allCases.map { dataset in
      do {
        let splits = try load(dataset)
        return (
          dataset,
          "\(splits.train.count) train / \(splits.test.count) test images in \(splits.train.source)"
        )
      } catch {
        return (dataset, "not available: \((error as? CairnError)?.description ?? "\(error)")")
      }
    }
  }
}

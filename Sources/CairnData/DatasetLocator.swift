import CairnCore
import Foundation

/// Finds and loads datasets: an explicit `--data-dir`, then `$CAIRN_DATA_DIR`, then the built-in default.
///
/// Both `--data-dir` and `$CAIRN_DATA_DIR` may name either a directory that directly holds the dataset's files
/// (for example the official `cifar-10-batches-bin/`, which drops in unchanged) or a data root with one
/// subdirectory per dataset, tried in the order of `DatasetName.subdirectoryNames` (`cifar10`, `cifar-10`,
/// `cifar-10-batches-bin`; `cifar100`, `cifar-100`, `cifar-100-binary`; `fashion-mnist`). A directory counts as
/// holding a dataset when any of that dataset's standard files is in it; a missing sibling is then an error naming
/// the file.
///
/// Precedence: `--data-dir` must hold the dataset (no fallback). `$CAIRN_DATA_DIR` must exist; a dataset it does
/// not hold falls back to the default. Defaults: CIFAR-10 — the 5,438/1,017-image prefix of the official binary
/// files embedded in Cairn (`Resources/cifar-10-prefix`, see its README); Fashion-MNIST — Debian's
/// `dataset-fashion-mnist` (`/usr/share/datasets/fashion-mnist`); CIFAR-100 — none (an error asks for `--data-dir`).
public enum DatasetLocator {
  /// The environment variable naming a data root (or one dataset's directory).
  public static let environmentVariable = "CAIRN_DATA_DIR"
  /// Where Debian's `dataset-fashion-mnist` installs its files.
  public static let fashionMNISTSystemDirectory = "/usr/share/datasets/fashion-mnist"

  /// The embedded CIFAR-10 prefix (a copy of the first records of each official binary file).
  public static var embeddedCIFAR10: URL? {
    try? ResourceBundle.url("cifar-10-prefix", in: "CairnData")
  }

  /// Where `dataset` is read from, following the precedence above.
  ///
  /// - Parameters:
  ///   - explicit: the `--data-dir` value, if given.
  ///   - environment: the process environment (a parameter so tests can supply their own).
  public static func locate(
    _ dataset: DatasetName, explicit: String? = nil,
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws(CairnError) -> DataLocation {
    if let explicit {
      let root = url(forPath: explicit)
      try DataFile.requireDirectory(root)
      guard let directory = directory(holding: dataset, in: root) else {
        throw .invalidFile(
          path: root.path,
          problem: "holds no \(dataset.displayName) files (\(expectation(dataset)))")
      }
      return DataLocation(directory: directory, origin: .dataDirectoryOption)
    }
    if let value = environment[environmentVariable], !value.isEmpty {
      let root = url(forPath: value)
      guard DataFile.isDirectory(root) else {
        throw .invalidFile(
          path: root.path, problem: "\(environmentVariable) names no existing directory")
      }
      if let directory = directory(holding: dataset, in: root) {
        return DataLocation(directory: directory, origin: .environment)
      }
    }
    return DataLocation(directory: try builtInDirectory(for: dataset), origin: .builtIn)
  }

  /// The directory to read `dataset` from (see `locate`).
  public static func directory(for dataset: DatasetName, explicit: String? = nil) throws(CairnError)
    -> URL
  {
    try locate(dataset, explicit: explicit).directory
  }

  /// Loads the official train/test parts of `dataset` from where `locate` finds it.
  public static func load(
    _ dataset: DatasetName, explicit: String? = nil,
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws(CairnError) -> DatasetSplits {
    try load(
      dataset, from: try locate(dataset, explicit: explicit, environment: environment).directory)
  }

  /// Loads the official train/test parts of `dataset` from a directory that directly holds its files.
  public static func load(_ dataset: DatasetName, from directory: URL) throws(CairnError)
    -> DatasetSplits
  {
    switch dataset {
    case .cifar10: return try CIFARReader.read(directory: directory, variant: .cifar10)
    case .cifar100: return try CIFARReader.read(directory: directory, variant: .cifar100)
    case .fashionMNIST:
      return try IDXReader.read(directory: directory, classNames: dataset.classNames)
    }
  }

  /// Every dataset with where it was found and its image counts, or why it cannot be used (for `cairn doctor`).
  /// Loads each dataset completely, so it also checks the files.
  public static func availability(
    explicit: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> [DatasetAvailability] {
    DatasetName.allCases.map { dataset in
      let location: DataLocation
      do throws(CairnError) {
        location = try locate(dataset, explicit: explicit, environment: environment)
      } catch {
        return DatasetAvailability(dataset: dataset, location: nil, problem: error.description)
      }
      do throws(CairnError) {
        let splits = try load(dataset, from: location.directory)
        return DatasetAvailability(
          dataset: dataset, location: location, trainCount: splits.train.count,
          testCount: splits.test.count)
      } catch {
        return DatasetAvailability(dataset: dataset, location: location, problem: error.description)
      }
    }
  }

  /// One status line per dataset: counts and directory, or the reason it is not available.
  public static func survey() -> [(dataset: DatasetName, status: String)] {
    availability().map { ($0.dataset, $0.status) }
  }

  /// The default directory of `dataset`, or an error saying how to provide it.
  static func builtInDirectory(for dataset: DatasetName) throws(CairnError) -> URL {
    switch dataset {
    case .cifar10:
      guard let url = embeddedCIFAR10 else {
        throw .failure("the embedded CIFAR-10 data is missing from this build of Cairn")
      }
      return url
    case .fashionMNIST:
      let url = URL(fileURLWithPath: fashionMNISTSystemDirectory)
      guard DataFile.isDirectory(url) else {
        throw .invalidFile(
          path: url.path,
          problem:
            "Fashion-MNIST not found; install Debian's dataset-fashion-mnist, pass --data-dir DIR or set \(environmentVariable)"
        )
      }
      return url
    case .cifar100:
      throw .invalidInput(
        "CIFAR-100 has no built-in copy: pass --data-dir DIR (the official cifar-100-binary directory with train.bin and test.bin) or set \(environmentVariable)"
      )
    }
  }

  /// `root` itself when it holds any of the dataset's files, else its first subdirectory that does.
  static func directory(holding dataset: DatasetName, in root: URL) -> URL? {
    if holdsFiles(of: dataset, root) { return root }
    return dataset.subdirectoryNames.lazy.map { root.appendingPathComponent($0) }
      .first { DataFile.isDirectory($0) && holdsFiles(of: dataset, $0) }
  }

  static func holdsFiles(of dataset: DatasetName, _ directory: URL) -> Bool {
    switch dataset {
    case .cifar10, .cifar100:
      let variant: CIFARReader.Variant = dataset == .cifar10 ? .cifar10 : .cifar100
      return (variant.trainFiles + variant.testFiles).contains {
        DataFile.isFile(directory.appendingPathComponent($0))
      }
    case .fashionMNIST:
      return [
        IDXReader.trainImagesFile, IDXReader.trainLabelsFile, IDXReader.testImagesFile,
        IDXReader.testLabelsFile,
      ]
      .contains { IDXReader.existingFile($0, in: directory) != nil }
    }
  }

  private static func expectation(_ dataset: DatasetName) -> String {
    let files: String
    switch dataset {
    case .cifar10: files = "data_batch_1.bin … data_batch_5.bin and test_batch.bin"
    case .cifar100: files = "train.bin and test.bin"
    case .fashionMNIST: files = "train-images-idx3-ubyte[.gz] and the three other IDX files"
    }
    let subdirectories = dataset.subdirectoryNames.map { $0 + "/" }.joined(separator: ", ")
    return "expected \(files), or a subdirectory \(subdirectories) holding them"
  }

  private static func url(forPath path: String) -> URL {
    URL(fileURLWithPath: NSString(string: path).expandingTildeInPath)
  }
}

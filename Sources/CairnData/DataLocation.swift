import Foundation

/// A directory holding one dataset's files, and how it was chosen.
public struct DataLocation: Sendable, Equatable {
  /// How a data directory was chosen, in order of precedence.
  public enum Origin: String, Sendable {
    /// Given on the command line (`--data-dir`).
    case dataDirectoryOption = "--data-dir"
    /// Found under `$CAIRN_DATA_DIR`.
    case environment = "CAIRN_DATA_DIR"
    /// Cairn's default: the embedded CIFAR-10 prefix or a system package's files.
    case builtIn = "built-in"
  }

  /// The directory that directly holds the dataset's files.
  public let directory: URL
  public let origin: Origin

  public init(directory: URL, origin: Origin) {
    self.directory = directory
    self.origin = origin
  }

  /// Locations are equal when their origins and standardised paths are (a trailing slash does not matter).
  public static func == (lhs: DataLocation, rhs: DataLocation) -> Bool {
    lhs.origin == rhs.origin
      && lhs.directory.standardizedFileURL.path == rhs.directory.standardizedFileURL.path
  }
}

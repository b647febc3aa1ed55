import CairnCore
import Foundation

/// Where Cairn's results store lives unless a command's `--store` (or a plan's `store`) says otherwise.
public enum ResultsStoreLocation {
  /// `$CAIRN_RESULTS_STORE` when set, else `runs/results.sqlite` relative to the working directory: where
  /// `cairn train --record` and `cairn bench build` record, and where `space:<dataset>_standalone_acc@<protocol>`
  /// ground truth is read (super-net, search and experiment configurations included).
  public static var defaultPath: String {
    let variable = ProcessInfo.processInfo.environment["CAIRN_RESULTS_STORE"] ?? ""
    return variable.isEmpty ? "runs/results.sqlite" : variable
  }

  /// Opens the store at `path` for writing, creating the file and its directory when needed.
  public static func open(_ path: String) throws(CairnError) -> ResultsStore {
    let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
    try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return try ResultsStore(path: path)
  }
}

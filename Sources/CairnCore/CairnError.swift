import Foundation

/// An error in input a user supplied (a file, a value, a configuration) or a failure while running.
///
/// The command-line tool prints `description` as one line and exits with code 2 for `invalidInput`
/// and `invalidFile`, and 1 for `failure`. Layers define richer errors of their own; these are the shared forms.
public enum CairnError: Error, Equatable, CustomStringConvertible, LocalizedError {
  /// A value the user gave is not acceptable; the message names it.
  case invalidInput(String)
  /// A file is missing or malformed; `path` names it and `problem` says what is wrong.
  case invalidFile(path: String, problem: String)
  /// Something failed while running (I/O, a numerical failure), not because of bad input.
  case failure(String)

  public var description: String {
    switch self {
    case .invalidInput(let message): return message
    case .invalidFile(let path, let problem): return "\(path): \(problem)"
    case .failure(let message): return message
    }
  }

  public var errorDescription: String? { description }

  /// True when the error is the user's input (exit code 2) rather than a run-time failure (exit code 1).
  public var isBadInput: Bool {
    if case .failure = self { return false }
    return true
  }
}

import CairnCore
import CairnEngine

/// Applies a `--threads` option: oneDNN's thread count, or all cores when nil.
enum ThreadOption {
  static func apply(_ threads: Int?) throws(CairnError) {
    guard let threads else { return }
    guard threads > 0 else { throw .invalidInput("--threads must be positive, got \(threads)") }
    Engine.setThreadCount(threads)
  }
}

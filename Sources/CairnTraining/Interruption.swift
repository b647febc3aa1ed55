import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Ctrl-C handling for long runs: the first SIGINT or SIGTERM asks the run to stop at the next step boundary (after
/// writing a checkpoint); a second one exits at once.
public enum Interruption {
  nonisolated(unsafe) private static var requested: sig_atomic_t = 0

  /// Installs the handler for SIGINT (Ctrl-C) and SIGTERM (`kill`, a batch scheduler's stop), and unblocks both
  /// in the calling thread (a process started by one that blocks them inherits the block).
  public static func install() {
    var signals = sigset_t()
    sigemptyset(&signals)
    for signalNumber in [SIGINT, SIGTERM] {
      sigaddset(&signals, signalNumber)
      signal(signalNumber) { _ in
        if Interruption.requested != 0 { _exit(130) }
        Interruption.requested = 1
      }
    }
    pthread_sigmask(SIG_UNBLOCK, &signals, nil)
  }

  /// True once Ctrl-C was pressed, SIGTERM received (or `request()` called).
  public static var isRequested: Bool { requested != 0 }

  /// Requests a stop, as Ctrl-C does (for tests).
  public static func request() { requested = 1 }

  /// Clears a request.
  public static func reset() { requested = 0 }
}

/// Thrown when a run stops early on request; the run directory holds a checkpoint to resume from.
public struct RunInterrupted: Error, CustomStringConvertible {
  public let runDirectory: String

  public init(runDirectory: String) { self.runDirectory = runDirectory }

  public var description: String {
    "interrupted; a checkpoint is in \(runDirectory) — run the same command again to resume"
  }
}

import CairnSupernet
import CairnTraining
import Foundation

/// A one-line progress display on stderr: a bar, step, loss, accuracy, images/s and ETA. On a terminal it redraws
/// in place; otherwise it prints a line every 10% of an epoch so logs stay readable.
final class ProgressBar: @unchecked Sendable {
  private let isTerminal = isatty(STDERR_FILENO) != 0
  private var lastDraw = 0.0
  private var lastLoggedTenth = -1
  private var drawn = false

  func update(_ p: TrainingProgress) {
    let now = Date().timeIntervalSince1970
    let fraction = Double(p.step) / Double(p.stepsPerEpoch)
    // Super-net training has no single accuracy to show (it is NaN in the progress).
    let accuracy = p.accuracy.isFinite ? String(format: "  acc %.2f%%", 100 * p.accuracy) : ""
    let text = String(
      format: "epoch %d/%d [%@] %d/%d  loss %.4f%@  %.0f img/s  ETA %@", p.epoch + 1, p.epochs,
      bar(fraction), p.step, p.stepsPerEpoch, p.loss, accuracy, p.imagesPerSecond,
      Self.duration(p.secondsRemaining))
    if isTerminal {
      guard now - lastDraw > 0.2 || p.step == p.stepsPerEpoch else { return }
      lastDraw = now
      write("\r\u{1B}[2K" + text)
      drawn = true
    } else {
      let tenth = Int(fraction * 10)
      guard tenth != lastLoggedTenth else { return }
      lastLoggedTenth = tenth
      write(text + "\n")
    }
  }

  func log(_ line: String) {
    if drawn {
      write("\r\u{1B}[2K")
      drawn = false
    }
    write(line + "\n")
    lastLoggedTenth = -1
  }

  func finish() {
    if drawn { write("\n") }
    drawn = false
  }

  private func bar(_ fraction: Double) -> String {
    let width = 20
    let filled = min(width, Int(fraction * Double(width)))
    return String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
  }

  private func write(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }

  static func duration(_ seconds: Double) -> String {
    guard seconds.isFinite else { return "--" }
    let s = Int(seconds)
    return s >= 3600
      ? String(format: "%dh%02dm", s / 3600, s % 3600 / 60)
      : String(format: "%dm%02ds", s / 60, s % 60)
  }

  /// A bar that shows `job`'s progress and log lines; also installs the Ctrl-C handler, so that the job stops at
  /// its next step with a checkpoint.
  static func attached(to job: some ReportsProgress) -> ProgressBar {
    let progress = ProgressBar()
    job.onProgress = { progress.update($0) }
    job.onLog = { progress.log($0) }
    Interruption.install()
    return progress
  }
}

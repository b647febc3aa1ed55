import CairnEngine

/// Prints the per-primitive timings gathered by `Profiler`.
enum ProfileReport {
  static func print() {
    let report = Profiler.report
    let total = report.reduce(0) { $0 + $1.seconds }
    Swift.print(String(format: "oneDNN primitive time: %.2f s", total))
    for entry in report.prefix(25) {
      Swift.print(
        String(
          format: "%8.3f s %5.1f%% %8d calls  %@", entry.seconds,
          100 * entry.seconds / max(total, 1e-9), entry.calls,
          entry.label))
    }
  }
}

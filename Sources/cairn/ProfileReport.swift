import CairnEngine

/// Prints the per-primitive timings gathered by `Profiler`.
enum ProfileReport {
  static func print() {
    let total = Profiler.report.reduce(0) { $0 + $1.seconds }
    Swift.print(String(format: "oneDNN primitive time: %.2f s", total))
    for line in Profiler.summary() { Swift.print(line) }
  }
}

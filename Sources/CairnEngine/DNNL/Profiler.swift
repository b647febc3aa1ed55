import CDNNL
import Foundation

/// Optional per-primitive timing: total seconds and call counts by implementation and kind.
///
/// Off by default; `Profiler.isEnabled = true` turns it on (the benchmarks do). Not thread-safe by design: profile
/// one training loop at a time.
public enum Profiler {
  nonisolated(unsafe) public static var isEnabled = false
  nonisolated(unsafe) private static var totals: [String: (seconds: Double, calls: Int)] = [:]

  static func measure(_ primitive: Primitive, _ body: () -> Void) {
    guard isEnabled else {
      body()
      return
    }
    var kind = dnnl_primitive_kind_t(rawValue: 0)
    _ = dnnl_primitive_desc_query(primitive.descriptor, dnnl_query_primitive_kind, 0, &kind)
    measure(
      "\(String(cString: dnnl_prim_kind2str(kind)))|\(primitive.implementation)|\(primitive.shapeSummary)",
      body)
  }

  /// Times `body` under `label` (`kind|implementation|shapes`), for Cairn's own kernels.
  static func measure(_ label: @autoclosure () -> String, _ body: () -> Void) {
    guard isEnabled else {
      body()
      return
    }
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
    let key = label()
    let old = totals[key] ?? (0, 0)
    totals[key] = (old.seconds + seconds, old.calls + 1)
  }

  /// Clears the accumulated timings.
  public static func reset() { totals = [:] }

  /// The accumulated timings, largest first: (primitive kind | implementation, seconds, calls).
  public static var report: [(label: String, seconds: Double, calls: Int)] {
    totals.map { ($0.key, $0.value.seconds, $0.value.calls) }.sorted { $0.seconds > $1.seconds }
  }

  /// The report as lines of text: the time of each primitive kind, then the `top` costliest primitives. Shares are
  /// of `total` seconds (by default, all the primitives' time).
  public static func summary(top: Int = 25, of total: Double? = nil) -> [String] {
    let report = self.report
    let whole = max(total ?? report.reduce(0) { $0 + $1.seconds }, 1e-9)
    var byKind: [String: Double] = [:]
    for entry in report {
      byKind[String(entry.label.prefix { $0 != "|" }), default: 0] += entry.seconds
    }
    let kinds = byKind.sorted { $0.value > $1.value }.map { kind, seconds in
      String(format: "%8.3f s %5.1f%%  all %@", seconds, 100 * seconds / whole, kind)
    }
    let primitives = report.prefix(top).map { entry in
      String(
        format: "%8.3f s %5.1f%% %8d calls  %@", entry.seconds, 100 * entry.seconds / whole,
        entry.calls, entry.label)
    }
    return kinds + primitives
  }
}

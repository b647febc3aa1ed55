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
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
    var kind = dnnl_primitive_kind_t(rawValue: 0)
    _ = dnnl_primitive_desc_query(primitive.descriptor, dnnl_query_primitive_kind, 0, &kind)
    let label =
      "\(String(cString: dnnl_prim_kind2str(kind)))|\(primitive.implementation)|\(primitive.shapeSummary)"
    let old = totals[label] ?? (0, 0)
    totals[label] = (old.seconds + seconds, old.calls + 1)
  }

  /// Clears the accumulated timings.
  public static func reset() { totals = [:] }

  /// The accumulated timings, largest first: (primitive kind | implementation, seconds, calls).
  public static var report: [(label: String, seconds: Double, calls: Int)] {
    totals.map { ($0.key, $0.value.seconds, $0.value.calls) }.sorted { $0.seconds > $1.seconds }
  }
}

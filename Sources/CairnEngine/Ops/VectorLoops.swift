import CDNNLShim
import Foundation

/// Loops shared by Cairn's own CPU kernels: work split over threads, and SIMD loads and stores of one channel block
/// of a blocked (`nChw8c`, `nChw16c`) activation.
enum VectorLoops {
  /// Runs `body` on `tasks` contiguous ranges of 0..<count, concurrently (task index passed along), on the
  /// OpenMP threads oneDNN's kernels use: other threads would compete with them for the cores while they wait
  /// between primitives. Every task runs even if the team is smaller than asked (a thread takes every n-th task).
  static func parallel(
    _ count: Int, tasks: Int? = nil, _ body: (Range<Int>, Int) -> Void
  ) {
    let tasks = min(max(tasks ?? Engine.threadCount, 1), max(count, 1))
    if tasks == 1 {
      body(0..<count, 0)
      return
    }
    withoutActuallyEscaping(body) { body in
      // Tasks write disjoint planes or their own buffers only.
      var team = Team(count: count, tasks: tasks, body: body)
      withUnsafeMutablePointer(to: &team) { pointer in
        cairn_parallel(
          { context, thread, threads in
            let team = context!.assumingMemoryBound(to: Team.self).pointee
            for task in stride(from: Int(thread), to: team.tasks, by: max(Int(threads), 1)) {
              team.body(
                (team.count * task / team.tasks)..<(team.count * (task + 1) / team.tasks), task)
            }
          }, pointer, Int32(tasks))
      }
    }
  }

  /// What the threads of one `parallel` call share.
  private struct Team {
    var count: Int
    var tasks: Int
    var body: (Range<Int>, Int) -> Void
  }

  static func parallel(_ count: Int, _ body: (Range<Int>) -> Void) {
    parallel(count) { range, _ in body(range) }
  }

  @inline(__always)
  static func load<V: SIMD>(_: V.Type, _ pointer: UnsafePointer<Float>) -> V
  where V.Scalar == Float {
    UnsafeRawPointer(pointer).loadUnaligned(as: V.self)
  }

  @inline(__always)
  static func load<V: SIMD>(_: V.Type, _ pointer: UnsafeMutablePointer<Float>) -> V
  where V.Scalar == Float {
    UnsafeRawPointer(pointer).loadUnaligned(as: V.self)
  }

  @inline(__always)
  static func store<V: SIMD>(_ value: V, _ pointer: UnsafeMutablePointer<Float>)
  where V.Scalar == Float {
    UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: V.self)
  }
}

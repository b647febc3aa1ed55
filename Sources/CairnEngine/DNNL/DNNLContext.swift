import CDNNL
import CDNNLShim
import Foundation

/// An error reported by oneDNN, with the call that failed.
public struct DNNLError: Error, CustomStringConvertible {
  /// The raw `dnnl_status_t` value.
  public let status: Int32
  /// What Cairn was doing when oneDNN failed.
  public let context: String
  public var description: String {
    "oneDNN error \(status) (\(DNNLError.name(status))) in \(context)"
  }

  static func name(_ status: Int32) -> String {
    switch status {
    case 1: return "out_of_memory"
    case 2: return "invalid_arguments"
    case 3: return "unimplemented"
    case 4: return "iterator_ends"
    case 5: return "runtime_error"
    case 6: return "not_required"
    default: return "status \(status)"
    }
  }
}

/// Stops on a oneDNN failure. oneDNN only fails here on a programming error (a descriptor Cairn built wrongly) or
/// when memory runs out; neither is recoverable mid-step.
@inline(__always)
func check(_ status: dnnl_status_t, _ context: @autoclosure () -> String) {
  if status != dnnl_success {
    fatalError(DNNLError(status: Int32(status.rawValue), context: context()).description)
  }
}

/// The process-wide oneDNN CPU engine, and one execution stream per thread.
///
/// oneDNN streams are not meant to be shared between threads that execute at the same time, so each thread gets its
/// own stream on first use. Primitives are shared (they are thread-safe to execute).
public enum Engine {
  nonisolated(unsafe) static let handle: dnnl_engine_t = {
    var engine: dnnl_engine_t?
    check(dnnl_engine_create(&engine, dnnl_cpu, 0), "engine creation")
    return engine!
  }()

  private static let streamKey = "cairn.dnnl.stream"

  /// The calling thread's stream.
  static var stream: dnnl_stream_t {
    let dictionary = Thread.current.threadDictionary
    if let box = dictionary[streamKey] as? StreamBox { return box.stream }
    let box = StreamBox()
    dictionary[streamKey] = box
    return box.stream
  }

  /// Sets the number of threads oneDNN kernels use (default: all cores).
  public static func setThreadCount(_ count: Int) {
    precondition(count > 0, "thread count must be positive")
    cairn_set_num_threads(Int32(count))
  }

  /// The number of threads oneDNN kernels use.
  public static var threadCount: Int { Int(cairn_max_threads()) }

  /// oneDNN's version, e.g. "2.6.3".
  public static var version: String {
    let v = dnnl_version()!.pointee
    return "\(v.major).\(v.minor).\(v.patch)"
  }

  /// The channel block of the CPU's vector width: 16 where oneDNN runs AVX-512 kernels, else 8.
  static let channelBlock: Int = {
    let avx512 = dnnl_cpu_isa_avx512_core.rawValue
    return dnnl_get_effective_cpu_isa().rawValue & avx512 == avx512 ? 16 : 8
  }()

  /// The instruction set oneDNN dispatches to on this CPU (e.g. "avx2"; `ONEDNN_MAX_CPU_ISA` caps it).
  public static var instructionSet: String {
    switch dnnl_get_effective_cpu_isa() {
    case dnnl_cpu_isa_sse41: return "sse4.1"
    case dnnl_cpu_isa_avx: return "avx"
    case dnnl_cpu_isa_avx2: return "avx2"
    case dnnl_cpu_isa_avx512_mic: return "avx512_mic"
    case dnnl_cpu_isa_avx512_mic_4ops: return "avx512_mic_4ops"
    case dnnl_cpu_isa_avx512_core: return "avx512_core"
    case dnnl_cpu_isa_avx512_core_vnni: return "avx512_core_vnni"
    case dnnl_cpu_isa_avx512_core_bf16: return "avx512_core_bf16"
    case dnnl_cpu_isa_avx512_core_amx: return "avx512_core_amx"
    case dnnl_cpu_isa_avx2_vnni: return "avx2_vnni"
    default: return "generic"
    }
  }
}

/// Owns one thread's oneDNN stream.
private final class StreamBox: NSObject {
  let stream: dnnl_stream_t
  override init() {
    var s: dnnl_stream_t?
    check(
      dnnl_stream_create(&s, Engine.handle, dnnl_stream_default_flags.rawValue), "stream creation")
    stream = s!
  }
  deinit { dnnl_stream_destroy(stream) }
}

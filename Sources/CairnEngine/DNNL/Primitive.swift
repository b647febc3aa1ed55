import CDNNL
import Foundation

/// A oneDNN primitive with its descriptor, created once per configuration and reused.
final class Primitive: @unchecked Sendable {
  let descriptor: dnnl_primitive_desc_t
  let handle: dnnl_primitive_t

  /// Creates a primitive from an operation descriptor (`dnnl_*_desc_t`), with an optional forward hint.
  init(operation: UnsafeRawPointer, hint: Primitive? = nil, context: String) {
    var pd: dnnl_primitive_desc_t?
    let attributes = Primitive.userScratchpadAttributes()
    defer { dnnl_primitive_attr_destroy(attributes) }
    check(
      dnnl_primitive_desc_create(&pd, operation, attributes, Engine.handle, hint?.descriptor),
      "\(context) descriptor")
    descriptor = pd!
    scratchpadDescriptor = Primitive.scratchpad(of: descriptor)
    var p: dnnl_primitive_t?
    check(dnnl_primitive_create(&p, descriptor), "\(context) creation")
    handle = p!
  }

  /// Creates a primitive from a ready primitive descriptor (reorder, concat); takes ownership of it.
  init(descriptor: dnnl_primitive_desc_t, context: String) {
    self.descriptor = descriptor
    scratchpadDescriptor = Primitive.scratchpad(of: descriptor)
    var p: dnnl_primitive_t?
    check(dnnl_primitive_create(&p, descriptor), "\(context) creation")
    handle = p!
  }

  /// Attributes that make the primitive take its scratch memory from Cairn (per thread), not from a buffer oneDNN
  /// shares between all primitives; so distinct primitives can run at the same time on different threads.
  static func userScratchpadAttributes() -> dnnl_primitive_attr_t {
    var attributes: dnnl_primitive_attr_t?
    check(dnnl_primitive_attr_create(&attributes), "attribute creation")
    check(
      dnnl_primitive_attr_set_scratchpad_mode(attributes, dnnl_scratchpad_mode_user),
      "scratchpad mode")
    return attributes!
  }

  private static func scratchpad(of descriptor: dnnl_primitive_desc_t) -> MemoryDescriptor {
    MemoryDescriptor(
      raw: dnnl_primitive_desc_query_md(descriptor, dnnl_query_scratchpad_md, 0)!.pointee)
  }

  deinit {
    dnnl_primitive_destroy(handle)
    dnnl_primitive_desc_destroy(descriptor)
  }

  /// The memory descriptor the primitive expects for an execution argument (`DNNL_ARG_*`).
  func descriptor(for argument: Int32) -> MemoryDescriptor {
    MemoryDescriptor(
      raw: dnnl_primitive_desc_query_md(descriptor, dnnl_query_exec_arg_md, argument)!.pointee)
  }

  /// The scratch memory the primitive needs per execution.
  let scratchpadDescriptor: MemoryDescriptor

  /// The implementation oneDNN chose, e.g. "jit:avx2".
  var implementation: String {
    var text: UnsafePointer<CChar>?
    check(
      dnnl_primitive_desc_query(descriptor, dnnl_query_impl_info_str, 0, &text),
      "implementation query")
    return String(cString: text!)
  }

  /// The source and destination layouts, for profiles: e.g. "blocked[64, 16, 32, 32] -> plain[64, 16, 32, 32]".
  var shapeSummary: String {
    func md(_ query: dnnl_query_t) -> MemoryDescriptor? {
      guard let pointer = dnnl_primitive_desc_query_md(descriptor, query, 0),
        pointer.pointee.ndims > 0
      else { return nil }
      return MemoryDescriptor(raw: pointer.pointee)
    }
    let from = md(dnnl_query_src_md) ?? md(dnnl_query_diff_dst_md)
    let to = md(dnnl_query_dst_md) ?? md(dnnl_query_diff_src_md) ?? md(dnnl_query_diff_weights_md)
    return "\(from?.description ?? "-") -> \(to?.description ?? "-")"
  }

  /// Runs the primitive on the calling thread's stream and waits for it.
  func execute(_ arguments: [(Int32, Tensor)]) {
    var args = arguments.map { dnnl_exec_arg_t(arg: $0.0, memory: $0.1.memory) }
    var scratchpad: dnnl_memory_t?
    if scratchpadDescriptor.byteCount > 0 {
      var md = scratchpadDescriptor.raw
      let storage = Scratchpad.storage(bytes: scratchpadDescriptor.byteCount)
      check(
        dnnl_memory_create(&scratchpad, &md, Engine.handle, storage.pointer), "scratchpad memory")
      args.append(dnnl_exec_arg_t(arg: DNNL_ARG_SCRATCHPAD, memory: scratchpad))
    }
    defer { if let scratchpad { dnnl_memory_destroy(scratchpad) } }
    let stream = Engine.stream
    Profiler.measure(self) {
      args.withUnsafeMutableBufferPointer {
        check(
          dnnl_primitive_execute(handle, stream, Int32($0.count), $0.baseAddress),
          "execute \(implementation)")
      }
      check(dnnl_stream_wait(stream), "stream wait")
    }
    withExtendedLifetime(arguments) {}
  }
}

/// One growable scratch buffer per thread, lent to each primitive execution on that thread.
enum Scratchpad {
  private static let key = "cairn.dnnl.scratchpad"

  static func storage(bytes: Int) -> TensorStorage {
    let dictionary = Thread.current.threadDictionary
    if let box = dictionary[key] as? ScratchpadBox, box.storage.byteCount >= bytes {
      return box.storage
    }
    let box = ScratchpadBox(storage: TensorStorage(byteCount: bytes))
    dictionary[key] = box
    return box.storage
  }
}

private final class ScratchpadBox: NSObject {
  let storage: TensorStorage
  init(storage: TensorStorage) { self.storage = storage }
}

/// A process-wide cache of primitives keyed by a description of their configuration.
enum PrimitiveCache {
  private static let lock = NSLock()
  nonisolated(unsafe) private static var entries: [String: Primitive] = [:]

  /// Returns the cached primitive for `key`, creating it with `make` on first use.
  static func primitive(_ key: String, _ make: () -> Primitive) -> Primitive {
    lock.lock()
    if let cached = entries[key] {
      lock.unlock()
      return cached
    }
    lock.unlock()
    let created = make()
    lock.lock()
    defer { lock.unlock() }
    if let raced = entries[key] { return raced }
    entries[key] = created
    return created
  }

  /// The number of cached primitives.
  static var count: Int {
    lock.lock()
    defer { lock.unlock() }
    return entries.count
  }
}

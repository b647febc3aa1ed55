import CDNNL
import CDNNLShim
import Foundation

/// Float32 storage, 64-byte aligned, shared by a tensor and its views.
///
/// Buffers come from `StoragePool`, which keeps freed buffers for reuse: a training step allocates the same
/// activation sizes every time, and fresh multi-megabyte allocations would each cost page faults. Storage is
/// zero-filled unless its creator is a oneDNN primitive that writes every element (padding included) itself.
final class TensorStorage: @unchecked Sendable {
  let pointer: UnsafeMutableRawPointer
  let byteCount: Int

  init(byteCount: Int, zeroed: Bool = true) {
    self.byteCount = max(byteCount, 4)
    pointer = StoragePool.take(self.byteCount)
    if zeroed { pointer.initializeMemory(as: UInt8.self, repeating: 0, count: self.byteCount) }
  }

  deinit { StoragePool.give(pointer, byteCount) }

  var floats: UnsafeMutablePointer<Float> { pointer.assumingMemoryBound(to: Float.self) }
}

/// A process-wide cache of freed tensor buffers, by exact size, up to `capacity` bytes in total.
enum StoragePool {
  /// The most bytes kept for reuse.
  nonisolated(unsafe) static var capacity = 2 << 30
  private static let lock = NSLock()
  nonisolated(unsafe) private static var free: [Int: [UnsafeMutableRawPointer]] = [:]
  nonisolated(unsafe) private static var cachedBytes = 0

  static func take(_ byteCount: Int) -> UnsafeMutableRawPointer {
    lock.lock()
    if let pointer = free[byteCount]?.popLast() {
      cachedBytes -= byteCount
      lock.unlock()
      return pointer
    }
    lock.unlock()
    var raw: UnsafeMutableRawPointer?
    guard posix_memalign(&raw, 64, byteCount) == 0, let raw else {
      fatalError("out of memory allocating \(byteCount) bytes")
    }
    return raw
  }

  static func give(_ pointer: UnsafeMutableRawPointer, _ byteCount: Int) {
    lock.lock()
    if cachedBytes + byteCount <= capacity {
      free[byteCount, default: []].append(pointer)
      cachedBytes += byteCount
      lock.unlock()
      return
    }
    lock.unlock()
    Foundation.free(pointer)
  }
}

/// An n-dimensional array of Float32 backed by oneDNN memory, with optional gradient tracking.
///
/// Shapes are logical and in PyTorch's order (N, C, H, W for images; a scalar has shape `[]`). Inside, a tensor may
/// be stored in a channel-blocked layout (`nChw8c`, `nChw16c`) that oneDNN computes on fastest; `toArray()` and
/// `plain()` always give the logical row-major order, and layouts are converted only at op boundaries that need it.
///
/// A tensor that `requiresGrad` records, when produced by an op, how to pull gradients back to its inputs; calling
/// `backward()` on a scalar result accumulates `grad` into every leaf tensor that requires a gradient.
public final class Tensor: @unchecked Sendable, CustomStringConvertible {
  /// The logical shape.
  public let shape: [Int]
  let descriptor: MemoryDescriptor
  let storage: TensorStorage
  private var memoryHandle: dnnl_memory_t?

  /// Whether gradients flow to this tensor.
  public var requiresGrad: Bool
  /// True for trainable parameters of a module (as opposed to buffers such as running statistics).
  public internal(set) var isParameter = false
  /// The accumulated gradient, for leaf tensors that require one (plain layout, same shape).
  public var grad: Tensor?
  /// How this tensor was computed, when it was computed with gradient tracking.
  var gradNode: GradNode?
  /// A copy in another layout or element type kept for reuse (`operand(as:)`), dropped when the values change.
  private var cachedOperand: Tensor?

  init(
    descriptor: MemoryDescriptor, shape: [Int]? = nil, storage: TensorStorage? = nil,
    requiresGrad: Bool = false
  ) {
    self.descriptor = descriptor
    self.shape = shape ?? descriptor.dims
    self.storage = storage ?? TensorStorage(byteCount: descriptor.byteCount)
    self.requiresGrad = requiresGrad
  }

  /// A tensor for the destination of a oneDNN primitive, which writes all its elements: its storage is not
  /// zero-filled first, unless the layout has block padding (which stays zero, whatever a primitive does).
  static func output(_ descriptor: MemoryDescriptor, shape: [Int]) -> Tensor {
    Tensor(
      descriptor: descriptor, shape: shape,
      storage: TensorStorage(byteCount: descriptor.byteCount, zeroed: descriptor.isPadded))
  }

  deinit {
    if let memoryHandle { dnnl_memory_destroy(memoryHandle) }
  }

  /// A tensor of zeros.
  public convenience init(zeros shape: [Int], requiresGrad: Bool = false) {
    self.init(descriptor: .plain(shape), shape: shape, requiresGrad: requiresGrad)
  }

  /// A tensor filled with one value.
  public convenience init(repeating value: Float, shape: [Int], requiresGrad: Bool = false) {
    self.init(zeros: shape, requiresGrad: requiresGrad)
    storage.floats.update(repeating: value, count: elementCount)
  }

  /// A tensor with the given values in row-major order.
  public convenience init(shape: [Int], values: [Float], requiresGrad: Bool = false) {
    precondition(
      values.count == shape.reduce(1, *), "\(values.count) values do not fill shape \(shape)")
    self.init(zeros: shape, requiresGrad: requiresGrad)
    values.withUnsafeBufferPointer {
      storage.floats.update(from: $0.baseAddress!, count: values.count)
    }
  }

  /// A scalar (shape `[]`).
  public convenience init(scalar: Float, requiresGrad: Bool = false) {
    self.init(shape: [], values: [scalar], requiresGrad: requiresGrad)
  }

  /// The number of logical elements.
  public var elementCount: Int { shape.reduce(1, *) }

  /// The oneDNN memory object over this tensor's storage.
  var memory: dnnl_memory_t {
    if let memoryHandle { return memoryHandle }
    var handle: dnnl_memory_t?
    var md = descriptor.raw
    check(dnnl_memory_create(&handle, &md, Engine.handle, storage.pointer), "memory creation")
    memoryHandle = handle
    return handle!
  }

  /// True when stored in plain row-major order.
  var isPlain: Bool { descriptor.isPlain }

  /// The values in logical row-major order.
  public func toArray() -> [Float] {
    let source = plain()
    return Array(UnsafeBufferPointer(start: source.storage.floats, count: elementCount))
  }

  /// The single value of a one-element tensor.
  public var item: Float {
    precondition(elementCount == 1, "item needs a one-element tensor, shape is \(shape)")
    return plain().storage.floats[0]
  }

  /// This tensor's values in plain layout (self when already plain). Not tracked by autograd.
  func plain() -> Tensor {
    isPlain ? self : converted(to: .plain(descriptor.dims), shape: shape)
  }

  /// A copy in another layout of the same dims (self when already in it). Not tracked by autograd.
  func converted(to target: MemoryDescriptor, shape: [Int]? = nil) -> Tensor {
    if target == descriptor { return self }
    let output = Tensor.output(target, shape: shape ?? self.shape)
    Reorder.primitive(from: descriptor, to: target).execute([
      (DNNL_ARG_FROM, self), (DNNL_ARG_TO, output),
    ])
    return output
  }

  /// Read access to the plain row-major values.
  public func withValues<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
    let source = plain()
    return try withExtendedLifetime(source) {
      try body(UnsafeBufferPointer(start: source.storage.floats, count: elementCount))
    }
  }

  /// Write access to the values of a plain tensor (parameters, gradients, inputs built by hand).
  public func withMutableValues<R>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> R) rethrows
    -> R
  {
    precondition(isPlain, "withMutableValues needs a plain tensor")
    cachedOperand = nil
    return try body(UnsafeMutableBufferPointer(start: storage.floats, count: elementCount))
  }

  /// Overwrites this tensor's values with another's (same shape; any layouts). Not tracked by autograd.
  public func assign(_ other: Tensor) {
    precondition(other.shape == shape, "cannot assign shape \(other.shape) to \(shape)")
    let source = other.converted(to: descriptor, shape: shape)
    storage.pointer.copyMemory(from: source.storage.pointer, byteCount: descriptor.byteCount)
    cachedOperand = nil
  }

  /// This tensor converted to `target` for a kernel's operand, the copy kept while this tensor lives, so that the
  /// consumers of one activation (the convolutions after one shared ReLU) convert it once. Not tracked by autograd.
  func operand(as target: MemoryDescriptor) -> Tensor {
    if target == descriptor { return self }
    if let cachedOperand, cachedOperand.descriptor == target { return cachedOperand }
    let copy = converted(to: target)
    if !isParameter { cachedOperand = copy }
    return copy
  }

  /// A copy that is not connected to the autograd graph.
  public func detached() -> Tensor {
    let copy = Tensor(descriptor: descriptor, shape: shape)
    copy.storage.pointer.copyMemory(from: storage.pointer, byteCount: descriptor.byteCount)
    return copy
  }

  public var description: String {
    let values = toArray()
    let preview = values.prefix(8).map { String(format: "%.4g", $0) }.joined(separator: ", ")
    return "Tensor(shape: \(shape), values: [\(preview)\(values.count > 8 ? ", …" : "")])"
  }
}

/// Cached reorder primitives between layouts.
enum Reorder {
  static func primitive(from source: MemoryDescriptor, to target: MemoryDescriptor) -> Primitive {
    PrimitiveCache.primitive("reorder \(source.key) -> \(target.key)") {
      var a = source.raw
      var b = target.raw
      var pd: dnnl_primitive_desc_t?
      let attributes = Primitive.userScratchpadAttributes()
      defer { dnnl_primitive_attr_destroy(attributes) }
      check(
        dnnl_reorder_primitive_desc_create(&pd, &a, Engine.handle, &b, Engine.handle, attributes),
        "reorder \(source) -> \(target)")
      return Primitive(descriptor: pd!, context: "reorder")
    }
  }
}

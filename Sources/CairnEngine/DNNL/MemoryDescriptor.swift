import CDNNL

/// A oneDNN memory descriptor: element type (f32, or bf16 for the operands of bf16 convolutions), logical
/// dimensions and physical layout.
///
/// Logical dimensions follow PyTorch's order (N, C, H, W for images; O, I, H, W for conv weights) whatever the
/// physical layout (plain `nchw`, blocked `nChw8c`, …).
struct MemoryDescriptor: CustomStringConvertible, @unchecked Sendable {
  var raw: dnnl_memory_desc_t

  init(raw: dnnl_memory_desc_t) { self.raw = raw }

  /// A descriptor for `dims` in the layout named by `tag`, of f32 elements unless `dataType` says otherwise.
  init(_ dims: [Int], _ tag: dnnl_format_tag_t, dataType: dnnl_data_type_t = dnnl_f32) {
    var md = dnnl_memory_desc_t()
    let d = dims.map { Int64($0) }
    check(
      dnnl_memory_desc_init_by_tag(&md, Int32(d.count), d, dataType, tag),
      "memory descriptor \(dims)")
    raw = md
  }

  /// A descriptor that lets a primitive choose the layout.
  static func any(_ dims: [Int], dataType: dnnl_data_type_t = dnnl_f32) -> MemoryDescriptor {
    MemoryDescriptor(dims, dnnl_format_tag_any, dataType: dataType)
  }

  /// The element type.
  var dataType: dnnl_data_type_t { raw.data_type }

  /// The same layout with elements of another type (bf16 ↔ f32 copies of one activation).
  func with(dataType: dnnl_data_type_t) -> MemoryDescriptor {
    guard raw.format_kind == dnnl_blocked else {
      return MemoryDescriptor(dims, dnnl_format_tag_any, dataType: dataType)
    }
    var copy = raw
    copy.data_type = dataType
    // offsets and strides count elements, so only the type changes
    return MemoryDescriptor(raw: copy)
  }

  /// The plain row-major layout for `dims` (x, nc, ncw, nchw, ncdhw).
  static func plain(_ dims: [Int]) -> MemoryDescriptor {
    MemoryDescriptor(dims.isEmpty ? [1] : dims, plainTag(rank: max(dims.count, 1)))
  }

  /// A channel-blocked layout for 4-D image tensors: `nChw8c` (AVX2's vector width) or `nChw16c` (AVX-512's).
  static func blocked(_ dims: [Int], channelBlock: Int = 8) -> MemoryDescriptor {
    precondition(dims.count == 4, "blocked layout needs 4-D dims")
    precondition(channelBlock == 8 || channelBlock == 16, "channel blocks are 8 or 16")
    return MemoryDescriptor(dims, channelBlock == 16 ? dnnl_nChw16c : dnnl_nChw8c)
  }

  /// The channel block (16 or 8) when this is an f32 `nChw16c` or `nChw8c` layout without padded channels, the
  /// layout Cairn's own kernels loop over; else nil.
  var unpaddedChannelBlock: Int? {
    let dims = dims
    guard dims.count == 4, raw.data_type == dnnl_f32, !isPadded else { return nil }
    return [16, 8].first { self == .blocked(dims, channelBlock: $0) }
  }

  static func plainTag(rank: Int) -> dnnl_format_tag_t {
    switch rank {
    case 1: return dnnl_a
    case 2: return dnnl_ab
    case 3: return dnnl_abc
    case 4: return dnnl_abcd
    case 5: return dnnl_abcde
    default: fatalError("unsupported rank \(rank)")
    }
  }

  /// The logical dimensions.
  var dims: [Int] {
    withUnsafeBytes(of: raw.dims) { buffer in
      (0..<Int(raw.ndims)).map { Int(buffer.load(fromByteOffset: $0 * 8, as: Int64.self)) }
    }
  }

  /// Bytes needed to hold the tensor in this layout (including any block padding).
  var byteCount: Int { withUnsafePointer(to: raw) { dnnl_memory_desc_get_size($0) } }

  /// True when the layout stores more elements than the dims hold (channels padded up to a block).
  var isPadded: Bool { byteCount != elementSize * dims.reduce(1, *) }

  /// Bytes per element: 4 for f32, 2 for bf16.
  var elementSize: Int { raw.data_type == dnnl_bf16 ? 2 : 4 }

  /// True when this is the plain row-major layout of its dims.
  var isPlain: Bool { self == MemoryDescriptor.plain(dims) }

  static func == (a: MemoryDescriptor, b: MemoryDescriptor) -> Bool {
    var x = a.raw
    var y = b.raw
    return dnnl_memory_desc_equal(&x, &y) != 0
  }
  static func != (a: MemoryDescriptor, b: MemoryDescriptor) -> Bool { !(a == b) }

  /// The same memory viewed with other dims of equal element count (plain layouts only).
  func reshaped(_ newDims: [Int]) -> MemoryDescriptor {
    precondition(isPlain, "only plain layouts can be reshaped in place")
    return MemoryDescriptor.plain(newDims)
  }

  /// A stable text key for primitive caches: dims, padded dims and the blocking structure.
  var key: String {
    let n = Int(raw.ndims)
    func ints<T>(_ tuple: T, _ count: Int) -> [Int64] {
      withUnsafeBytes(of: tuple) { b in
        (0..<count).map { b.load(fromByteOffset: $0 * 8, as: Int64.self) }
      }
    }
    var text = "\(dims)/\(ints(raw.padded_dims, n))/k\(raw.format_kind.rawValue)"
    if raw.data_type != dnnl_f32 { text += "/t\(raw.data_type.rawValue)" }
    if raw.format_kind == dnnl_blocked {
      let blocking = raw.format_desc.blocking
      let blocks = Int(blocking.inner_nblks)
      text +=
        "/s\(ints(blocking.strides, n))/b\(ints(blocking.inner_blks, blocks))/i\(ints(blocking.inner_idxs, blocks))"
    }
    return text
  }

  var description: String {
    let shape =
      dims.map(String.init).joined(separator: "x") + (raw.data_type == dnnl_bf16 ? "bf16" : "")
    guard raw.format_kind == dnnl_blocked else { return "\(shape):any" }
    let blocking = raw.format_desc.blocking
    if blocking.inner_nblks > 0 { return "\(shape):blocked\(blocking.inner_blks.0)" }
    if isPlain { return "\(shape):plain" }
    return dims.count == 4 && blocking.strides.1 == 1 ? "\(shape):nhwc" : "\(shape):strided"
  }
}

/// Calls `body` with a pointer to `value` when `present`, else with nil (for optional oneDNN arguments).
func withOptionalPointer<T, R>(
  to value: inout T, if present: Bool, _ body: (UnsafePointer<T>?) -> R
) -> R {
  if present { return withUnsafePointer(to: &value) { body($0) } }
  return body(nil)
}

// Gzip needs the CZlib system library; a build of CairnCore without it simply has no `Gzip`.
#if canImport(CZlib)
  import CZlib
  import Foundation

  /// Gzip (RFC 1952) compression and decompression through the system zlib.
  public enum Gzip {
    /// True when `data` starts with the gzip magic bytes 1f 8b.
    public static func isCompressed(_ data: Data) -> Bool {
      data.count >= 2 && data[data.startIndex] == 0x1f && data[data.startIndex + 1] == 0x8b
    }

    /// Inflates a gzip stream (or a zlib stream; the header is detected, windowBits 15 + 32).
    ///
    /// Concatenated gzip members are decoded one after another, as `gunzip` does. A corrupt, truncated or
    /// empty stream, or bytes after the last member that do not start another member, throw
    /// `CairnError.invalidFile` naming `path`; so does a stream that inflates to more than `limit` bytes (a
    /// compression bomb), which stops inflating there. Time and memory are linear in the output size.
    public static func decompress(_ data: Data, path: String, limit: Int = defaultLimit)
      throws(CairnError) -> Data
    {
      guard !data.isEmpty else {
        throw .invalidFile(path: path, problem: "empty file, not a gzip stream")
      }
      // One byte past the limit is enough to tell that the stream exceeds it.
      var output = GrowableBuffer(
        capacity: initialCapacity(forCompressed: data), maximum: limit < .max ? limit + 1 : limit)
      let outcome = data.withUnsafeBytes { input in inflateAll(input, into: &output, limit: limit) }
      if case .rejected(let problem) = outcome {
        output.discard()
        throw .invalidFile(path: path, problem: problem)
      }
      return output.finish()
    }

    /// Deflates `data` into a single gzip member (default compression level).
    public static func compress(_ data: Data) -> Data {
      var stream = z_stream()
      let status = deflateInit2_(
        &stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, MAX_WBITS + 16, 8, Z_DEFAULT_STRATEGY,
        zlibVersion(),
        Int32(MemoryLayout<z_stream>.size))
      precondition(status == Z_OK, "zlib deflateInit2 failed with status \(status)")
      defer { deflateEnd(&stream) }
      let bound = Int(deflateBound(&stream, uLong(min(data.count, Int(UInt32.max)))))
      var output = GrowableBuffer(capacity: max(bound, 64))
      data.withUnsafeBytes { (input: UnsafeRawBufferPointer) in
        let base = input.bindMemory(to: Bytef.self).baseAddress
        var offset = 0
        while true {
          if stream.avail_in == 0 && offset < input.count {
            let chunk = min(input.count - offset, chunkSize)
            stream.next_in = UnsafeMutablePointer(mutating: base.map { $0 + offset })
            stream.avail_in = uInt(chunk)
            offset += chunk
          }
          output.reserveSpace(in: &stream)
          let flush = offset == input.count ? Z_FINISH : Z_NO_FLUSH
          let result = deflate(&stream, flush)
          output.commit(stream)
          if result == Z_STREAM_END { return }
          precondition(
            result == Z_OK || result == Z_BUF_ERROR, "zlib deflate failed with status \(result)")
        }
      }
      return output.finish()
    }

    /// The largest inflated size `decompress` accepts unless told otherwise: 4 GiB.
    public static let defaultLimit = 1 << 32

    private static let chunkSize = 1 << 30

    private enum Outcome {
      case finished
      case rejected(String)
    }

    /// A size guess for the inflated data: the gzip trailer's ISIZE (size mod 2^32), capped by deflate's
    /// maximum ratio (about 1032:1), and at least 64 KiB.
    private static func initialCapacity(forCompressed data: Data) -> Int {
      guard data.count >= 18 else { return 1 << 16 }
      let end = data.endIndex
      let isize =
        Int(data[end - 4]) | Int(data[end - 3]) << 8 | Int(data[end - 2]) << 16 | Int(data[end - 1])
        << 24
      return max(1 << 16, min(isize, data.count * 1032))
    }

    private static func inflateAll(
      _ input: UnsafeRawBufferPointer, into output: inout GrowableBuffer, limit: Int
    ) -> Outcome {
      var stream = z_stream()
      let status = inflateInit2_(
        &stream, MAX_WBITS + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
      guard status == Z_OK else {
        return .rejected("zlib could not start inflating (status \(status))")
      }
      defer { inflateEnd(&stream) }
      let bytes = input.bindMemory(to: Bytef.self)
      var offset = 0
      while true {
        if stream.avail_in == 0 && offset < bytes.count {
          let chunk = min(bytes.count - offset, chunkSize)
          stream.next_in = UnsafeMutablePointer(mutating: bytes.baseAddress.map { $0 + offset })
          stream.avail_in = uInt(chunk)
          offset += chunk
        }
        output.reserveSpace(in: &stream)
        let result = inflate(&stream, Z_NO_FLUSH)
        output.commit(stream)
        if output.count > limit {
          return .rejected("inflates to more than \(limit) bytes, the largest accepted")
        }
        switch result {
        case Z_OK:
          continue
        case Z_STREAM_END:
          let position = offset - Int(stream.avail_in)
          if position == bytes.count { return .finished }
          guard position + 1 < bytes.count, bytes[position] == 0x1f, bytes[position + 1] == 0x8b
          else {
            return .rejected(
              "\(bytes.count - position) bytes of trailing data after the gzip stream")
          }
          inflateReset(&stream)
        case Z_BUF_ERROR:
          if stream.avail_in == 0 && offset == bytes.count {
            return .rejected("truncated gzip stream (ends after \(bytes.count) bytes)")
          }
        case Z_NEED_DICT:
          return .rejected("corrupt gzip stream (asks for a preset dictionary)")
        case Z_DATA_ERROR:
          let reason = stream.msg.map { String(cString: $0) } ?? "invalid data"
          return .rejected("corrupt gzip stream (\(reason))")
        case Z_MEM_ERROR:
          return .rejected("out of memory while inflating")
        default:
          return .rejected("zlib inflate failed (status \(result))")
        }
      }
    }
  }

  /// A malloc'd byte buffer that zlib writes into and that doubles when full; `finish` hands it to `Data`
  /// without copying.
  private struct GrowableBuffer {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var used = 0
    /// The size the buffer never grows past.
    private let maximum: Int

    init(capacity: Int, maximum: Int = .max) {
      self.maximum = max(maximum, 1)
      self.capacity = max(min(capacity, maximum), 1)
      guard let memory = malloc(self.capacity) else {
        fatalError("out of memory allocating \(capacity) bytes")
      }
      base = memory.assumingMemoryBound(to: UInt8.self)
    }

    /// Points the stream's output window at the free space, growing the buffer first (up to `maximum`) if it is
    /// full.
    mutating func reserveSpace(in stream: inout z_stream) {
      if used == capacity {
        let grown = max(min(capacity * 2, maximum), capacity + 1)
        guard let memory = realloc(base, grown) else {
          fatalError("out of memory allocating \(grown) bytes")
        }
        base = memory.assumingMemoryBound(to: UInt8.self)
        capacity = grown
      }
      stream.next_out = base + used
      stream.avail_out = uInt(min(capacity - used, Int(UInt32.max)))
    }

    /// Records how far zlib advanced the output window.
    mutating func commit(_ stream: z_stream) {
      if let next = stream.next_out { used = next - base }
    }

    /// The bytes written so far.
    var count: Int { used }

    /// Frees the memory (instead of `finish`).
    func discard() { free(base) }

    /// The written bytes as `Data`, taking ownership of the memory.
    func finish() -> Data {
      Data(bytesNoCopy: base, count: used, deallocator: .free)
    }
  }
#endif

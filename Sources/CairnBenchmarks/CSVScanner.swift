#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A strict, allocation-light reader of comma-separated rows over a NUL-terminated byte buffer.
///
/// Rows end at `\n` (a `\r` before it is dropped); fields are split at every comma. Quoting is not part of the
/// format: a field holding a `"` is reported through `hasQuote`. Rows are numbered from 1, the header being row 1.
/// Blank lines at the very end of the buffer are ignored; a blank line before other rows is a row of one empty
/// field, which the caller rejects for its field count.
///
/// Field boundaries go to a caller-provided buffer with room for `capacity` fields, the header's field count;
/// a longer row is counted in full but only its first `capacity` fields are kept, which is enough to reject it.
struct CSVScanner {
  private let base: UnsafePointer<UInt8>
  private let count: Int
  private var position = 0
  /// The 1-based number of the current row.
  private(set) var rowNumber = 0
  /// The start and end offset of each kept field of the current row, interleaved.
  private let bounds: UnsafeMutablePointer<Int>
  private let capacity: Int
  /// The number of fields in the current row.
  private(set) var fieldCount = 0
  /// Whether the current row holds a double-quote character.
  private(set) var hasQuote = false

  /// The number of fields of the first row of `count` bytes at `base`, the capacity a scanner needs.
  static func headerFieldCount(base: UnsafePointer<UInt8>, count: Int) -> Int {
    var fields = 1
    for offset in 0..<count {
      if base[offset] == 0x0A { break }
      if base[offset] == 0x2C { fields += 1 }
    }
    return fields
  }

  /// Scans `count` bytes at `base`; `base[count]` must be readable and must not be a digit, sign, dot or letter
  /// (a NUL terminator), so that number parsing stops there. `bounds` must have room for `2 * capacity` offsets.
  init(
    base: UnsafePointer<UInt8>, count: Int, bounds: UnsafeMutablePointer<Int>, capacity: Int
  ) {
    self.base = base
    self.count = count
    self.bounds = bounds
    self.capacity = capacity
    if count >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF { position = 3 }
  }

  /// Moves to the next row; false when the input is exhausted.
  mutating func nextRow() -> Bool {
    var trailing = position
    while trailing < count && (base[trailing] == 0x0A || base[trailing] == 0x0D) { trailing += 1 }
    if trailing == count { return false }
    rowNumber += 1
    let lineStart = base + position
    let remaining = count - position
    let newline = memchr(lineStart, 0x0A, remaining)
    let lineLength =
      newline.map { UnsafeRawPointer($0) - UnsafeRawPointer(lineStart) } ?? remaining
    hasQuote = memchr(lineStart, 0x22, lineLength) != nil
    let lineEnd = position + lineLength
    var fields = 0
    var fieldStart = position
    while let comma = memchr(base + fieldStart, 0x2C, lineEnd - fieldStart) {
      let end = UnsafeRawPointer(comma) - UnsafeRawPointer(base)
      if fields < capacity {
        bounds[2 * fields] = fieldStart
        bounds[2 * fields + 1] = end
      }
      fields += 1
      fieldStart = end + 1
    }
    var lastEnd = lineEnd
    if lastEnd > fieldStart && base[lastEnd - 1] == 0x0D { lastEnd -= 1 }
    if fields < capacity {
      bounds[2 * fields] = fieldStart
      bounds[2 * fields + 1] = lastEnd
    }
    fieldCount = fields + 1
    position = min(lineEnd + 1, count)
    return true
  }

  @inline(__always)
  private func start(_ k: Int) -> Int {
    precondition(k < min(fieldCount, capacity), "field \(k) of a row of \(fieldCount)")
    return bounds[2 * k]
  }

  @inline(__always)
  private func length(_ k: Int) -> Int { bounds[2 * k + 1] - bounds[2 * k] }

  /// The bytes of field `k`.
  func bytes(_ k: Int) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(start: base + start(k), count: length(k))
  }

  /// Field `k` as text.
  func text(_ k: Int) -> String {
    String(decoding: bytes(k), as: UTF8.self)
  }

  /// Field `k` as text cut to a length fit for a one-line error message.
  func shown(_ k: Int) -> String {
    let field = text(k)
    return field.count <= 80 ? field : String(field.prefix(80)) + "…"
  }

  /// Whether field `k` equals `expected` byte for byte.
  func field(_ k: Int, equals expected: [UInt8]) -> Bool {
    let length = length(k)
    return length == expected.count && memcmp(base + start(k), expected, length) == 0
  }

  /// The whole number in field `k` (decimal digits only, optionally a leading minus), or nil.
  func integer(_ k: Int) -> Int? {
    let field = bytes(k)
    var digits = field[...]
    var negative = false
    if digits.first == 0x2D {
      negative = true
      digits = digits.dropFirst()
    }
    guard !digits.isEmpty, digits.count <= 18 else { return nil }
    var value = 0
    for byte in digits {
      guard byte >= 0x30 && byte <= 0x39 else { return nil }
      value = value * 10 + Int(byte - 0x30)
    }
    return negative ? -value : value
  }

  /// Field `k` read as a decimal number.
  func number(_ k: Int) -> ParsedNumber {
    DecimalParser.parse(base + start(k), count: length(k))
  }
}

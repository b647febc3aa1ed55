#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The outcome of reading a numeric field.
enum ParsedNumber {
  /// A finite value.
  case value(Double)
  /// The text spells NaN.
  case notANumber
  /// The text spells an infinity.
  case infinite
  /// The text is not a decimal number.
  case malformed
}

/// Exact decimal-to-double conversion for table fields.
///
/// Only plain decimal text is accepted: an optional sign, digits with at most one dot, and an optional exponent
/// (`e`/`E`, optional sign, digits). Conversion is correctly rounded, like `strtod`:
/// - a significand below 2^53 with a power of ten of at most 22 takes one exact double operation (Clinger's fast
///   path);
/// - where `Float80` exists, a significand of up to 19 digits with a power of ten of at most 27 takes one
///   correctly rounded 64-bit-significand operation, then rounding to double; that is exact unless the
///   intermediate lands on a halfway point between two doubles, which goes to the slow path;
/// - everything else goes to the C library's `strtod`, with Swift's own parser behind it should a locale change
///   the decimal point.
enum DecimalParser {
  private static let powersOfTen: [Double] = (0...22).map { exponent in
    var value = 1.0
    for _ in 0..<exponent { value *= 10 }
    return value
  }

  #if arch(x86_64) || arch(i386)
    private static let extendedPowersOfTen: [Float80] = (0...27).map { exponent in
      var value: Float80 = 1
      for _ in 0..<exponent { value *= 10 }
      return value
    }
  #endif

  static func parse(_ start: UnsafePointer<UInt8>, count: Int) -> ParsedNumber {
    guard count > 0 else { return .malformed }
    let end = start + count
    var p = start
    let negative = p.pointee == 0x2D
    if negative || p.pointee == 0x2B { p += 1 }
    var significand: UInt64 = 0
    var significantDigits = 0
    var digitCount = 0
    var power = 0
    var inexact = false
    // Integer part.
    while p < end {
      let digit = p.pointee &- 0x30
      guard digit < 10 else { break }
      digitCount += 1
      if significantDigits < 19 {
        significand = significand &* 10 &+ UInt64(digit)
        if significand != 0 { significantDigits += 1 }
      } else {
        power += 1
        if digit != 0 { inexact = true }
      }
      p += 1
    }
    // Fraction.
    if p < end && p.pointee == 0x2E {
      p += 1
      while p < end {
        // Eight digits at a time once the significand has started and has room for them.
        if significand != 0 && significantDigits <= 11 && end - p >= 8 {
          let chunk = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self).littleEndian
          if let value = eightDigits(chunk) {
            digitCount += 8
            significand = significand &* 100_000_000 &+ value
            significantDigits += 8
            power -= 8
            p += 8
            continue
          }
        }
        let digit = p.pointee &- 0x30
        guard digit < 10 else { break }
        digitCount += 1
        if significantDigits < 19 {
          significand = significand &* 10 &+ UInt64(digit)
          if significand != 0 { significantDigits += 1 }
          power -= 1
        } else if digit != 0 {
          inexact = true
        }
        p += 1
      }
    }
    guard digitCount > 0 else { return special(start, count: count) }
    // Exponent.
    if p < end {
      guard p.pointee == 0x65 || p.pointee == 0x45 else { return special(start, count: count) }
      p += 1
      var exponentNegative = false
      if p < end && (p.pointee == 0x2D || p.pointee == 0x2B) {
        exponentNegative = p.pointee == 0x2D
        p += 1
      }
      guard p < end else { return .malformed }
      var exponent = 0
      while p < end {
        let digit = p.pointee &- 0x30
        guard digit < 10 else { return .malformed }
        if exponent < 100_000 { exponent = exponent * 10 + Int(digit) }
        p += 1
      }
      power += exponentNegative ? -exponent : exponent
    }
    if !inexact {
      if significand == 0 { return .value(negative ? -0.0 : 0) }
      if significand <= 1 << 53 && power >= -22 && power <= 22 {
        let value = Double(significand)
        let result = power < 0 ? value / powersOfTen[-power] : value * powersOfTen[power]
        return .value(negative ? -result : result)
      }
      #if arch(x86_64) || arch(i386)
        if power >= -27 && power <= 27 {
          let value = Float80(significand)
          let extended =
            power < 0
            ? value / extendedPowersOfTen[-power] : value * extendedPowersOfTen[power]
          // Bits below a double's 52-bit fraction: exactly half an ulp means a possible double rounding.
          if extended.significandBitPattern & 0x7FF != 0x400 {
            let result = Double(extended)
            return .value(negative ? -result : result)
          }
        }
      #endif
    }
    return slowPath(start, count: count)
  }

  /// The value of eight ASCII digits loaded little-endian into `chunk` (first digit in the lowest byte), or nil
  /// when some byte is not a digit (the SWAR method of simdjson and fast_float).
  @inline(__always)
  private static func eightDigits(_ chunk: UInt64) -> UInt64? {
    let allDigits =
      (chunk & 0xF0F0_F0F0_F0F0_F0F0) == 0x3030_3030_3030_3030
      && ((chunk &+ 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0) == 0x3030_3030_3030_3030
    guard allDigits else { return nil }
    var value = chunk &- 0x3030_3030_3030_3030
    value = (value &* 10) &+ (value >> 8)
    let mask: UInt64 = 0x0000_00FF_0000_00FF
    let mul1: UInt64 = 100 &+ (1_000_000 << 32)
    let mul2: UInt64 = 1 &+ (10_000 << 32)
    return (((value & mask) &* mul1) &+ (((value >> 16) & mask) &* mul2)) >> 32
  }

  private static func slowPath(_ start: UnsafePointer<UInt8>, count: Int) -> ParsedNumber {
    var end: UnsafeMutablePointer<CChar>?
    let value = UnsafeRawPointer(start).withMemoryRebound(to: CChar.self, capacity: count + 1) {
      text in
      let result = strtod(text, &end)
      if let end, UnsafeRawPointer(end) != UnsafeRawPointer(text + count) { return Double?.none }
      return result
    }
    let resolved =
      value
      ?? Double(String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self))
    guard let resolved else { return .malformed }
    return resolved.isFinite ? .value(resolved) : .infinite
  }

  /// NaN and infinity spellings, told apart from other non-numbers for clearer errors.
  private static func special(_ start: UnsafePointer<UInt8>, count: Int) -> ParsedNumber {
    var text = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
      .lowercased()
    if text.hasPrefix("-") || text.hasPrefix("+") { text.removeFirst() }
    if text == "nan" { return .notANumber }
    if text == "inf" || text == "infinity" { return .infinite }
    return .malformed
  }
}

import Foundation

/// Fixed-precision number formatting, so that the same values always print as the same bytes.
///
/// Formatting goes through `String(format:)` with no locale, which always uses "." as the decimal
/// separator. A result that rounds to zero never keeps a minus sign ("-0.00" prints as "0.00").
enum FixedPoint {
  /// `value` with exactly `digits` decimals, e.g. `fixed(0.5, digits: 3)` = "0.500".
  static func fixed(_ value: Double, digits: Int) -> String {
    let text = String(format: "%.\(max(0, digits))f", value)
    return unsigned(zero: text)
  }

  /// `value` with at most `digits` decimals and no trailing zeros, e.g. `compact(12.50)` = "12.5";
  /// used for SVG coordinates.
  static func compact(_ value: Double, digits: Int = 2) -> String {
    var text = fixed(value, digits: digits)
    if text.contains(".") {
      while text.hasSuffix("0") { text.removeLast() }
      if text.hasSuffix(".") { text.removeLast() }
    }
    return unsigned(zero: text)
  }

  /// `value` with `digits` significant digits (C's `%g`), for numbers far from 1.
  static func significant(_ value: Double, digits: Int) -> String {
    unsigned(zero: String(format: "%.\(max(1, digits))g", value))
  }

  /// `text` without its minus sign when it shows a zero ("-0", "-0.000", "-0e+00").
  private static func unsigned(zero text: String) -> String {
    guard text.hasPrefix("-") else { return text }
    let mantissa = text.dropFirst().prefix { $0 != "e" }
    return mantissa.allSatisfy { $0 == "0" || $0 == "." } ? String(text.dropFirst()) : text
  }
}

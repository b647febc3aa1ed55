import CairnCore
import Foundation
import Testing

@testable import CairnBenchmarks

@Suite("Decimal parsing")
struct DecimalParserTests {
  private func parse(_ text: String) -> ParsedNumber {
    var bytes = Array(text.utf8)
    bytes.append(0)
    return bytes.withUnsafeBufferPointer {
      DecimalParser.parse($0.baseAddress!, count: text.utf8.count)
    }
  }

  private func value(_ text: String) -> Double? {
    if case .value(let number) = parse(text) { return number }
    return nil
  }

  @Test func agreesWithTheStandardLibraryBitForBit() {
    var random = RandomStream(seed: 7, name: "decimal")
    var texts: [String] = []
    for _ in 0..<20_000 {
      // Shortest round-trip forms, as Python and Swift print them.
      let magnitude = Double(random.int(in: -3...9))
      texts.append("\(random.uniform() * Foundation.pow(10, magnitude))")
      // Random digit strings of 1...22 digits with a dot somewhere and sometimes an exponent.
      let digits = (0..<random.int(in: 1...22)).map { _ in String(random.int(below: 10)) }
      var text = digits.joined()
      let dot = random.int(in: 0...digits.count)
      text.insert(".", at: text.index(text.startIndex, offsetBy: dot))
      if text == "." { text = "0.5" }
      if random.bool() { text += "e\(random.int(in: -30...30))" }
      if random.bool() { text = "-" + text }
      texts.append(text)
    }
    texts += [
      "85.86333333333334", "84.89199999023438", "0.9304887652397156", "1768.9759521484375",
      "9007199254740993", "9007199254740992.5", "0.1", "1e22", "1e23", "123456789012345678901",
      "0.000001", "5e-324", "1.7976931348623157e308", "0", "-0", "100", "00012.500",
    ]
    for text in texts {
      let expected = Double(text)
      #expect(value(text)?.bitPattern == expected?.bitPattern, "\(text)")
    }
  }

  @Test func rejectsAnythingButPlainDecimals() {
    for text in ["", "-", ".", "1.2.3", "1e", "1e+", "0x10", "1,5", " 1", "1 ", "abc", "1_000"] {
      guard case .malformed = parse(text) else {
        Issue.record("'\(text)' should be malformed")
        continue
      }
    }
    for text in ["nan", "NaN", "-nan"] {
      guard case .notANumber = parse(text) else {
        Issue.record("'\(text)' should be NaN")
        continue
      }
    }
    for text in ["inf", "-Infinity", "1e400"] {
      guard case .infinite = parse(text) else {
        Issue.record("'\(text)' should be infinite")
        continue
      }
    }
  }
}

import Foundation

extension ReportTable {
  /// The table as CSV (RFC 4180): the header, then one record per row, fields separated by commas
  /// and every record ended by a line feed.
  ///
  /// A field is quoted when it contains a comma, a double quote, a line break, or leading or trailing
  /// spaces; inside quotes a double quote is doubled (`say "hi"` → `"say ""hi"""`).
  public func csv() -> String {
    ([header] + rows).map { $0.map(Self.csvField).joined(separator: ",") + "\n" }.joined()
  }

  /// `text` as one CSV field, quoted when it must be.
  public static func csvField(_ text: String) -> String {
    let needsQuotes =
      text.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
      || text.first == " " || text.last == " "
    guard needsQuotes else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}

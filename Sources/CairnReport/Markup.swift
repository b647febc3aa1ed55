/// Escaping of text for XML, SVG and XHTML-compatible HTML.
///
/// `escaped(_:)` replaces the five characters with a meaning in markup — `&`, `<`, `>`, `"` and `'` —
/// by the entities every XML and HTML parser knows (`&amp;`, `&lt;`, `&gt;`, `&quot;`, `&#39;`), so the
/// result is safe both as element text and inside a quoted attribute. Control characters that XML 1.0
/// forbids (U+0000–U+001F except tab, line feed and carriage return) are dropped, so that no input can
/// make a report unparseable. Complexity: O(n) in the length of the text.
public enum Markup {
  /// `text` with markup characters replaced by entities and forbidden control characters removed.
  public static func escaped(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&#39;"
      case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
      case _ where scalar.value < 0x20: continue
      case "\u{FFFE}", "\u{FFFF}": continue
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result
  }
}

/// Builds markup text element by element, escaping every attribute value and text node.
///
/// Element and attribute names are written as given (they come from this module, never from input);
/// attribute values and text go through `Markup.escaped(_:)`. Attributes keep the order given, so the
/// same calls always produce the same bytes.
struct MarkupWriter {
  /// The markup written so far.
  private(set) var text = ""
  /// The indentation, in levels of two spaces, of the next line.
  private var depth = 0

  /// An element with no content: `<name a="v"/>`.
  mutating func empty(_ name: String, _ attributes: [(String, String)] = []) {
    line("<\(name)\(Self.attributes(attributes))/>")
  }

  /// An element holding only text: `<name a="v">text</name>`.
  mutating func element(_ name: String, _ attributes: [(String, String)] = [], text content: String)
  {
    line("<\(name)\(Self.attributes(attributes))>\(Markup.escaped(content))</\(name)>")
  }

  /// An element holding text that must not be escaped, such as a style sheet (HTML does not decode
  /// entities inside `<style>`); the text must hold no `<` or `&`.
  mutating func element(
    _ name: String, _ attributes: [(String, String)] = [], unescapedText: String
  ) {
    precondition(
      !unescapedText.contains("<") && !unescapedText.contains("&"),
      "unescaped text must not contain markup characters")
    line("<\(name)\(Self.attributes(attributes))>\(unescapedText)</\(name)>")
  }

  /// An element whose children are written by `body`.
  mutating func element(
    _ name: String, _ attributes: [(String, String)] = [], body: (inout MarkupWriter) -> Void
  ) {
    line("<\(name)\(Self.attributes(attributes))>")
    depth += 1
    body(&self)
    depth -= 1
    line("</\(name)>")
  }

  /// Markup that is already well formed (for example a whole `<svg>` element), written byte for byte
  /// on lines of its own.
  mutating func raw(_ markup: String) {
    text += markup.hasSuffix("\n") ? markup : markup + "\n"
  }

  /// Text written verbatim (no indentation), for the content of `<pre>` and similar.
  mutating func verbatim(_ markup: String) {
    text += markup
  }

  private mutating func line(_ content: String) {
    text += String(repeating: "  ", count: depth) + content + "\n"
  }

  private static func attributes(_ attributes: [(String, String)]) -> String {
    attributes.map { " \($0.0)=\"\(Markup.escaped($0.1))\"" }.joined()
  }
}

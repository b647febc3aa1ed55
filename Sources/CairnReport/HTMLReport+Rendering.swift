extension HTMLReport {
  /// The report as one HTML5 document (XHTML-compatible), ending with a line feed.
  ///
  /// Structure: `<!DOCTYPE html>`, `<html lang="en">` with the XHTML namespace, a `<head>` with the
  /// charset, viewport, title and the inline style sheet, and a `<body>` holding `<main>`: the `<h1>`
  /// title, the metadata as a `<dl class="metadata">`, a contents list linking to the sections when
  /// there are two or more, and one `<section id="section-N">` with an `<h2>` per section.
  public func html() -> String {
    var writer = MarkupWriter()
    writer.verbatim("<!DOCTYPE html>\n")
    writer.element("html", [("xmlns", "http://www.w3.org/1999/xhtml"), ("lang", "en")]) { html in
      html.element("head") { head in
        head.empty("meta", [("charset", "utf-8")])
        head.empty(
          "meta", [("name", "viewport"), ("content", "width=device-width, initial-scale=1")])
        head.empty("meta", [("name", "generator"), ("content", "Cairn")])
        head.element("title", text: title)
        head.element("style", unescapedText: Self.styleSheet)
      }
      html.element("body") { body in
        body.element("main") { main in
          main.element("h1", text: title)
          if !metadata.isEmpty {
            Self.writeDefinitions(metadata, className: "metadata", to: &main)
          }
          if sections.count > 1 {
            main.element("nav", [("aria-label", "Contents")]) { nav in
              nav.element("ol") { list in
                for (index, section) in sections.enumerated() {
                  list.element("li") { item in
                    item.element("a", [("href", "#\(Self.anchor(index))")], text: section.heading)
                  }
                }
              }
            }
          }
          for (index, section) in sections.enumerated() {
            main.element("section", [("id", Self.anchor(index))]) { element in
              element.element("h2", text: section.heading)
              for block in section.blocks { Self.write(block, to: &element) }
            }
          }
        }
      }
    }
    return writer.text
  }

  private static func anchor(_ index: Int) -> String {
    "section-\(index + 1)"
  }

  private static func write(_ block: Block, to writer: inout MarkupWriter) {
    switch block {
    case .paragraph(let text):
      writer.element("p", text: text)
    case .subheading(let text):
      writer.element("h3", text: text)
    case .preformatted(let text):
      // Verbatim, so the indentation of the writer does not enter the text; HTML drops one line
      // feed right after <pre>, so a leading one is doubled.
      let lead = text.first?.isNewline == true ? "\n" : ""
      writer.verbatim("<pre>" + lead + Markup.escaped(text) + "</pre>\n")
    case .table(let table):
      writer.element("div", [("class", "table")]) { table.write(to: &$0) }
    case .definitions(let entries):
      writeDefinitions(entries, className: "definitions", to: &writer)
    case .figure(let svg, let caption):
      writer.element("figure") { figure in
        figure.raw(svg)
        if let caption { figure.element("figcaption", text: caption) }
      }
    }
  }

  private static func writeDefinitions(
    _ entries: [Entry], className: String, to writer: inout MarkupWriter
  ) {
    writer.element("dl", [("class", className)]) { list in
      for entry in entries {
        list.element("dt", text: entry.key)
        list.element("dd", text: entry.value)
      }
    }
  }
}

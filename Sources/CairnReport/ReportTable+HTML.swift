extension ReportTable {
  /// The table as an HTML `<table>` element (XHTML-compatible), all text escaped.
  ///
  /// The caption becomes `<caption>`, the header a `<thead>` row of `<th scope="col">`, the rows
  /// `<tbody>` rows of `<td>`; right-aligned columns carry `class="num"` and centred ones
  /// `class="center"`, which the report's style sheet aligns.
  public func html() -> String {
    var writer = MarkupWriter()
    write(to: &writer)
    return writer.text
  }

  /// Writes the `<table>` element.
  func write(to writer: inout MarkupWriter) {
    writer.element("table") { table in
      if let caption { table.element("caption", text: caption) }
      table.element("thead") { head in
        head.element("tr") { row in
          for (column, cell) in header.enumerated() {
            row.element("th", [("scope", "col")] + classAttribute(column), text: cell)
          }
        }
      }
      table.element("tbody") { body in
        for cells in rows {
          body.element("tr") { row in
            for (column, cell) in cells.enumerated() {
              row.element("td", classAttribute(column), text: cell)
            }
          }
        }
      }
    }
  }

  private func classAttribute(_ column: Int) -> [(String, String)] {
    switch alignments[column] {
    case .leading: return []
    case .trailing: return [("class", "num")]
    case .center: return [("class", "center")]
    }
  }
}

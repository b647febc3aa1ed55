import Foundation

extension ReportTable {
  /// The table as a GitHub-flavoured Markdown table, columns padded to a common width.
  ///
  /// ```
  /// | metric | value |
  /// | :----- | ----: |
  /// | tau    |  0.50 |
  /// ```
  /// A `|` in a cell is written `\|` and a line break `<br>`; widths count characters. The result
  /// ends with a line feed. The caption is not part of the Markdown table.
  public func markdown() -> String {
    let header = self.header.map(Self.markdownCell)
    let rows = self.rows.map { $0.map(Self.markdownCell) }
    let widths = (0..<columnCount).map { column in
      max(3, ([header] + rows).map { $0[column].count }.max() ?? 0)
    }
    func line(_ cells: [String]) -> String {
      let padded = cells.enumerated().map { column, cell in
        let padding = String(repeating: " ", count: widths[column] - cell.count)
        return alignments[column] == .trailing ? padding + cell : cell + padding
      }
      return "| " + padded.joined(separator: " | ") + " |"
    }
    let rule = alignments.enumerated().map { column, alignment -> String in
      let width = widths[column]
      switch alignment {
      case .leading: return ":" + String(repeating: "-", count: width - 1)
      case .trailing: return String(repeating: "-", count: width - 1) + ":"
      case .center: return ":" + String(repeating: "-", count: width - 2) + ":"
      }
    }
    let lines = [line(header), "| " + rule.joined(separator: " | ") + " |"] + rows.map(line)
    return lines.joined(separator: "\n") + "\n"
  }

  private static func markdownCell(_ text: String) -> String {
    text.replacingOccurrences(of: "\r\n", with: "<br>")
      .replacingOccurrences(of: "\n", with: "<br>")
      .replacingOccurrences(of: "\r", with: "<br>")
      .replacingOccurrences(of: "|", with: "\\|")
  }
}

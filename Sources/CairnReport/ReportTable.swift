/// A table of text cells with a header row, to be rendered as Markdown, CSV or HTML.
///
/// Every row has as many cells as the widest of the header and the rows: shorter rows (and a shorter
/// header) are padded with empty cells. Cells hold plain text; each rendering escapes it for its
/// format (`markdown()`, `csv()`, `html()`).
public struct ReportTable: Sendable, Hashable {
  /// The horizontal alignment of a column.
  public enum Alignment: Sendable, Hashable {
    /// Left-aligned, for names.
    case leading
    /// Right-aligned, for numbers.
    case trailing
    /// Centred.
    case center
  }

  /// The column titles.
  public private(set) var header: [String]
  /// The rows of cells, each as long as `header`.
  public private(set) var rows: [[String]]
  /// The alignment of each column, as many as `header`.
  public private(set) var alignments: [Alignment]
  /// A caption shown above the table in HTML; nil for none.
  public var caption: String?

  /// A table with `header` and `rows`; `alignments` gives the first columns' alignment, the rest are
  /// `.leading`.
  public init(
    header: [String], rows: [[String]], alignments: [Alignment] = [], caption: String? = nil
  ) {
    let width = max(header.count, rows.map(\.count).max() ?? 0)
    self.header = Self.padded(header, to: width)
    self.rows = rows.map { Self.padded($0, to: width) }
    self.alignments = (0..<width).map { $0 < alignments.count ? alignments[$0] : .leading }
    self.caption = caption
  }

  /// The number of columns.
  public var columnCount: Int { header.count }

  /// Appends a row, padded or cut to the number of columns.
  public mutating func append(_ row: [String]) {
    rows.append(Self.padded(Array(row.prefix(columnCount)), to: columnCount))
  }

  private static func padded(_ cells: [String], to width: Int) -> [String] {
    cells + Array(repeating: "", count: max(0, width - cells.count))
  }
}

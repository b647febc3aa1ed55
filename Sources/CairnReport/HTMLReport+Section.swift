extension HTMLReport {
  /// A part of the report under one heading.
  public struct Section: Sendable, Hashable {
    /// The heading.
    public var heading: String
    /// The content, in order.
    public var blocks: [Block]

    /// A section headed `heading` holding `blocks`.
    public init(_ heading: String, blocks: [Block] = []) {
      self.heading = heading
      self.blocks = blocks
    }

    /// Appends a block.
    public mutating func add(_ block: Block) {
      blocks.append(block)
    }
  }

  /// One piece of content of a section.
  public enum Block: Sendable, Hashable {
    /// A paragraph of plain text.
    case paragraph(String)
    /// A sub-heading inside the section.
    case subheading(String)
    /// Plain text in a monospace font with its line breaks kept, e.g. `RankingReport.table()`.
    case preformatted(String)
    /// A table.
    case table(ReportTable)
    /// A list of key–value pairs, e.g. the settings of an experiment.
    case definitions([Entry])
    /// A chart: one `<svg>` element, inserted as it is, with an optional caption.
    case figure(svg: String, caption: String?)

    /// A figure holding `plot`.
    public static func plot(_ plot: some SVGPlot, caption: String? = nil) -> Block {
      .figure(svg: plot.svg(), caption: caption)
    }

    /// A table holding `comparison`.
    public static func comparison(_ comparison: ComparisonTable, caption: String? = nil) -> Block {
      .table(comparison.reportTable(caption: caption))
    }
  }
}

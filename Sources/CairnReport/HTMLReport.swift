import CairnCore
import Foundation

/// A static, self-contained HTML report: a title, a metadata block, and sections of paragraphs,
/// tables and inline SVG charts.
///
/// The page needs nothing beyond itself: no JavaScript, no external style sheet, font or image; a
/// short inline style sheet sets the layout. The output is HTML5 written so that it is also
/// well-formed XML (XHTML syntax: every element closed, attributes quoted, only the five XML entities),
/// so it can be checked with an XML parser. All text given to the builder is escaped; only SVG
/// markup (`Block.figure`) is inserted as it is, and it should come from an `SVGPlot`. The same
/// report always renders to the same bytes: dates and other run facts appear only if given as
/// metadata.
///
/// ```swift
/// var report = HTMLReport(title: "NB201 landmarks")
/// report.addMetadata("command", "cairn rank runs/nb201")
/// var section = HTMLReport.Section("Ranking")
/// section.add(.paragraph("Scores of 1,000 pool architectures."))
/// section.add(.plot(scatter, caption: "Super-net score against ground truth"))
/// report.add(section)
/// try report.write(to: runDirectory.appendingPathComponent("report.html"))
/// ```
public struct HTMLReport: Sendable, Hashable {
  /// One line of the metadata block.
  public struct Entry: Sendable, Hashable {
    /// The name, e.g. "command", "seeds", "data", "budget", "started".
    public var key: String
    /// The value, shown in a monospace font.
    public var value: String

    /// The entry `key`: `value`.
    public init(key: String, value: String) {
      self.key = key
      self.value = value
    }
  }

  /// The page title, shown as the top heading and in the browser tab.
  public var title: String
  /// The metadata block under the title, in order.
  public var metadata: [Entry]
  /// The sections, in order.
  public var sections: [Section]

  /// An empty report titled `title`.
  public init(title: String, metadata: [Entry] = [], sections: [Section] = []) {
    self.title = title
    self.metadata = metadata
    self.sections = sections
  }

  /// Appends a metadata line `key`: `value`.
  public mutating func addMetadata(_ key: String, _ value: String) {
    metadata.append(Entry(key: key, value: value))
  }

  /// Appends a section.
  public mutating func add(_ section: Section) {
    sections.append(section)
  }

  /// Writes `html()` to `url` atomically (`AtomicFile`), creating directories as needed.
  public func write(to url: URL) throws(CairnError) {
    try AtomicFile.write(html(), to: url)
  }
}

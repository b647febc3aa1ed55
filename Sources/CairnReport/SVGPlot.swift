/// A chart that renders itself as one standalone SVG document.
///
/// `svg()` returns a single `<svg>` element with the SVG namespace, a `<title>`, explicit width, height
/// and viewBox, and no scripts, style sheets or external references: the string can be saved as an
/// `.svg` file or placed inline in HTML as it is. All text is escaped (`Markup`), all coordinates are
/// printed with fixed precision, and nothing depends on dictionary order or the clock, so the same
/// chart always gives the same bytes. Values that are NaN or infinite are skipped, never drawn.
public protocol SVGPlot: Sendable {
  /// The chart as a standalone `<svg>` element.
  func svg() -> String
}

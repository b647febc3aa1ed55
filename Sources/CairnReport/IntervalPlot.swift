/// A forest plot: one row per labelled estimate, a dot at its value and a bar over its interval, against a
/// dashed reference line (0 for differences), e.g. each variant of a study against its baseline.
///
/// Layout: the title band on top, the row labels on the left (about 7 units per character, shortened with "…"
/// beyond 40), the plot area with one 22-unit row per estimate, and a nice x axis (`AxisScale`) covering every
/// finite value, interval end and the reference below it. Rows without a finite value show "n/a"; a missing
/// interval draws the dot alone. The same rows always give the same bytes.
public struct IntervalPlot: SVGPlot, Hashable {
  /// One row: a label, a value and an optional interval.
  public struct Row: Sendable, Hashable {
    public var label: String
    public var value: Double?
    public var lower: Double?
    public var upper: Double?

    public init(label: String, value: Double?, lower: Double? = nil, upper: Double? = nil) {
      self.label = label
      self.value = value
      self.lower = lower
      self.upper = upper
    }
  }

  public var title: String
  public var xLabel: String
  public var rows: [Row]
  /// Where the dashed reference line stands.
  public var reference: Double
  public var width: Double

  public init(
    title: String = "", xLabel: String = "", rows: [Row], reference: Double = 0,
    width: Double = 640
  ) {
    self.title = title
    self.xLabel = xLabel
    self.rows = rows
    self.reference = reference
    self.width = width.isFinite ? max(300, width) : 640
  }

  static let rowHeight = 22.0

  public func svg() -> String {
    let labels = rows.map { PlotCanvas.shortened($0.label, to: 40) }
    let left = 12 + Double(labels.map(\.count).max() ?? 1) * PlotCanvas.characterWidth + 8
    let top = title.isEmpty ? 12.0 : 32.0
    let plotHeight = max(1, Double(rows.count)) * Self.rowHeight
    let height = top + plotHeight + 30 + (xLabel.isEmpty ? 0 : 20)
    let values = rows.flatMap { [$0.value, $0.lower, $0.upper].compactMap { $0 } } + [reference]
    let scale = AxisScale(covering: values)
    let plotWidth = max(60, width - left - 24)
    func x(_ value: Double) -> String {
      FixedPoint.compact(left + scale.fraction(of: value) * plotWidth)
    }
    var writer = MarkupWriter()
    let size = (FixedPoint.compact(width), FixedPoint.compact(height))
    writer.element(
      "svg",
      [
        ("xmlns", "http://www.w3.org/2000/svg"), ("width", size.0), ("height", size.1),
        ("viewBox", "0 0 \(size.0) \(size.1)"), ("role", "img"), ("font-family", "sans-serif"),
        ("font-size", "12"),
      ]
    ) { svg in
      svg.element("title", text: title.isEmpty ? "chart" : title)
      svg.empty("rect", [("width", size.0), ("height", size.1), ("fill", "#FFFFFF")])
      if !title.isEmpty {
        svg.element(
          "text",
          [
            ("x", FixedPoint.compact(width / 2)), ("y", "21"), ("text-anchor", "middle"),
            ("font-size", "14"), ("font-weight", "bold"),
          ], text: title)
      }
      drawAxis(&svg, scale: scale, x: x, top: top, bottom: top + plotHeight, height: height)
      for (index, row) in rows.enumerated() {
        drawRow(
          &svg, row, label: labels[index], x: x, left: left,
          y: top + (Double(index) + 0.5) * Self.rowHeight)
      }
    }
    return writer.text
  }

  private func drawAxis(
    _ svg: inout MarkupWriter, scale: AxisScale, x: (Double) -> String, top: Double,
    bottom: Double, height: Double
  ) {
    let (topText, bottomText) = (FixedPoint.compact(top), FixedPoint.compact(bottom))
    for (tick, label) in zip(scale.ticks, scale.labels) {
      svg.empty(
        "line",
        [
          ("x1", x(tick)), ("y1", topText), ("x2", x(tick)), ("y2", bottomText),
          ("stroke", "#E5E5E5"),
        ])
      svg.element(
        "text",
        [("x", x(tick)), ("y", FixedPoint.compact(bottom + 16)), ("text-anchor", "middle")],
        text: label)
    }
    svg.empty(
      "line",
      [
        ("class", "reference"), ("x1", x(reference)), ("y1", topText), ("x2", x(reference)),
        ("y2", bottomText), ("stroke", "#555555"), ("stroke-dasharray", "4 3"),
      ])
    if !xLabel.isEmpty {
      svg.element(
        "text",
        [
          ("x", FixedPoint.compact(width / 2)), ("y", FixedPoint.compact(height - 8)),
          ("text-anchor", "middle"),
        ],
        text: xLabel)
    }
  }

  private func drawRow(
    _ svg: inout MarkupWriter, _ row: Row, label: String, x: (Double) -> String, left: Double,
    y: Double
  ) {
    let yText = FixedPoint.compact(y)
    svg.element(
      "text",
      [
        ("x", FixedPoint.compact(left - 8)), ("y", FixedPoint.compact(y + 4)),
        ("text-anchor", "end"),
      ],
      text: label)
    guard let value = row.value, value.isFinite else {
      svg.element(
        "text",
        [
          ("x", FixedPoint.compact(left + 4)), ("y", FixedPoint.compact(y + 4)),
          ("fill", "#777777"),
        ],
        text: "n/a")
      return
    }
    if let lower = row.lower, let upper = row.upper, lower.isFinite, upper.isFinite {
      svg.empty(
        "line",
        [
          ("class", "interval"), ("x1", x(lower)), ("y1", yText), ("x2", x(upper)), ("y2", yText),
          ("stroke", PlotPalette.color(at: 0)), ("stroke-width", "2"),
        ])
    }
    svg.empty(
      "circle",
      [
        ("class", "estimate"), ("cx", x(value)), ("cy", yText), ("r", "4"),
        ("fill", PlotPalette.color(at: 0)),
      ])
  }
}

/// The frame shared by all charts: layout, axes with ticks and grid lines, axis labels, title and
/// legend, and the mapping from data values to SVG coordinates.
///
/// Layout, in SVG user units: the title band on top (32 high, 12 without a title), then the legend
/// as rows of entries 20 high, wrapped to the width of the plot area (a name too long for one row is
/// shortened with "…"); the y tick labels and the rotated y label on the left (sized from the longest
/// tick label at about 7 units per character); the x tick labels and the x label below; on the right
/// room for half the last x tick label. The plot area is what is left. Text is 12 units high, the title 14 and bold.
struct PlotCanvas {
  /// How a legend entry is marked.
  enum Mark {
    /// A filled dot, for scatter series.
    case dot
    /// A short line over a pale band, for line series.
    case line
  }

  /// One legend entry.
  struct LegendEntry {
    var name: String
    var color: String
    var mark: Mark
  }

  static let characterWidth = 7.0
  static let tickLength = 5.0

  let size: PlotSize
  let title: String
  let xLabel: String
  let yLabel: String
  let xScale: AxisScale
  let yScale: AxisScale
  let legend: [LegendEntry]

  let plotLeft: Double
  let plotTop: Double
  let plotWidth: Double
  let plotHeight: Double
  /// Where each legend entry starts (its mark's left edge and its row's middle) and its shown name.
  private let legendLayout: [(x: Double, y: Double, name: String)]

  init(
    size: PlotSize, title: String, xLabel: String, yLabel: String, xScale: AxisScale,
    yScale: AxisScale, legend: [LegendEntry]
  ) {
    self.size = size
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.xScale = xScale
    self.yScale = yScale
    self.legend = legend
    let longestTick = Double(yScale.labels.map(\.count).max() ?? 1)
    let left =
      12 + (yLabel.isEmpty ? 0 : 18) + longestTick * Self.characterWidth + Self.tickLength + 4
    let titleBand = title.isEmpty ? 12.0 : 32.0
    let bottom = Self.tickLength + 18 + (xLabel.isEmpty ? 0 : 20) + 8
    plotLeft = left
    // The last x tick label is centred on the right edge of the plot area: leave room for its half.
    let lastTick = Double(xScale.labels.last?.count ?? 0) * Self.characterWidth
    plotWidth = max(40, size.width - left - max(16, lastTick / 2 + 4))
    // Legend entries: an 18-unit mark, 6 units of space, the name, 16 units before the next entry.
    var layout: [(x: Double, y: Double, name: String)] = []
    var row = 0
    var cursor = 0.0
    let maximumCharacters = max(1, Int((plotWidth - 24) / Self.characterWidth))
    for entry in legend {
      let name = Self.shortened(entry.name, to: maximumCharacters)
      let width = 24 + Double(name.count) * Self.characterWidth
      if cursor > 0 && cursor + width > plotWidth {
        row += 1
        cursor = 0
      }
      layout.append((x: left + cursor, y: titleBand + 6 + Double(row) * 20, name: name))
      cursor += width + 16
    }
    legendLayout = layout
    plotTop = titleBand + (legend.isEmpty ? 0 : Double(row + 1) * 20 + 4)
    plotHeight = max(40, size.height - plotTop - bottom)
  }

  /// The SVG x coordinate of the data value `value`.
  func x(_ value: Double) -> Double {
    plotLeft + xScale.fraction(of: value) * plotWidth
  }

  /// The SVG y coordinate of the data value `value` (SVG y grows downwards).
  func y(_ value: Double) -> Double {
    plotTop + (1 - yScale.fraction(of: value)) * plotHeight
  }

  /// The whole `<svg>` document: the frame, then `data` drawn over the plot area, then the legend;
  /// with `isEmpty` a "no data" note in the middle of the plot area.
  func svg(isEmpty: Bool, data: (inout MarkupWriter) -> Void) -> String {
    let width = FixedPoint.compact(size.width)
    let height = FixedPoint.compact(size.height)
    var writer = MarkupWriter()
    let root: [(String, String)] = [
      ("xmlns", "http://www.w3.org/2000/svg"), ("width", width), ("height", height),
      ("viewBox", "0 0 \(width) \(height)"), ("role", "img"), ("font-family", "sans-serif"),
      ("font-size", "12"),
    ]
    writer.element("svg", root) { svg in
      svg.element("title", text: title.isEmpty ? "chart" : title)
      svg.empty(
        "rect",
        [("class", "background"), ("width", width), ("height", height), ("fill", "#FFFFFF")])
      if !title.isEmpty {
        svg.element(
          "text",
          [
            ("class", "title"), ("x", FixedPoint.compact(size.width / 2)), ("y", "21"),
            ("text-anchor", "middle"), ("font-size", "14"), ("font-weight", "bold"),
          ], text: title)
      }
      drawAxes(&svg)
      svg.element("g", [("class", "data")]) { data(&$0) }
      if isEmpty {
        svg.element(
          "text",
          [
            ("class", "empty"), ("x", number(plotLeft + plotWidth / 2)),
            ("y", number(plotTop + plotHeight / 2)), ("text-anchor", "middle"),
            ("fill", "#777777"),
          ], text: "no data")
      }
      drawLegend(&svg)
    }
    return writer.text
  }

  /// `value` as an SVG coordinate: at most two decimals, no trailing zeros.
  func number(_ value: Double) -> String {
    FixedPoint.compact(value)
  }

  private func drawAxes(_ svg: inout MarkupWriter) {
    let right = plotLeft + plotWidth
    let bottom = plotTop + plotHeight
    svg.element("g", [("class", "grid"), ("stroke", "#E5E5E5"), ("stroke-width", "1")]) { grid in
      for tick in xScale.ticks {
        let position = number(x(tick))
        grid.empty(
          "line",
          [("x1", position), ("y1", number(plotTop)), ("x2", position), ("y2", number(bottom))])
      }
      for tick in yScale.ticks {
        let position = number(y(tick))
        grid.empty(
          "line",
          [("x1", number(plotLeft)), ("y1", position), ("x2", number(right)), ("y2", position)])
      }
    }
    svg.element("g", [("class", "axes"), ("stroke", "#333333"), ("stroke-width", "1")]) { axes in
      axes.empty(
        "line",
        [
          ("x1", number(plotLeft)), ("y1", number(bottom)), ("x2", number(right)),
          ("y2", number(bottom)),
        ]
      )
      axes.empty(
        "line",
        [
          ("x1", number(plotLeft)), ("y1", number(plotTop)), ("x2", number(plotLeft)),
          ("y2", number(bottom)),
        ])
      for tick in xScale.ticks {
        let position = number(x(tick))
        axes.empty(
          "line",
          [
            ("x1", position), ("y1", number(bottom)), ("x2", position),
            ("y2", number(bottom + Self.tickLength)),
          ])
      }
      for tick in yScale.ticks {
        let position = number(y(tick))
        axes.empty(
          "line",
          [
            ("x1", number(plotLeft - Self.tickLength)), ("y1", position), ("x2", number(plotLeft)),
            ("y2", position),
          ])
      }
    }
    svg.element("g", [("class", "tick-labels"), ("fill", "#333333")]) { labels in
      for (tick, label) in zip(xScale.ticks, xScale.labels) {
        labels.element(
          "text",
          [
            ("x", number(x(tick))), ("y", number(bottom + Self.tickLength + 14)),
            ("text-anchor", "middle"),
          ], text: label)
      }
      for (tick, label) in zip(yScale.ticks, yScale.labels) {
        labels.element(
          "text",
          [
            ("x", number(plotLeft - Self.tickLength - 3)), ("y", number(y(tick) + 4)),
            ("text-anchor", "end"),
          ], text: label)
      }
    }
    if !xLabel.isEmpty {
      svg.element(
        "text",
        [
          ("class", "x-label"), ("x", number(plotLeft + plotWidth / 2)),
          ("y", number(bottom + Self.tickLength + 34)), ("text-anchor", "middle"),
        ], text: xLabel)
    }
    if !yLabel.isEmpty {
      let centerX = number(16)
      let centerY = number(plotTop + plotHeight / 2)
      svg.element(
        "text",
        [
          ("class", "y-label"), ("x", centerX), ("y", centerY), ("text-anchor", "middle"),
          ("transform", "rotate(-90 \(centerX) \(centerY))"),
        ], text: yLabel)
    }
  }

  private func drawLegend(_ svg: inout MarkupWriter) {
    guard !legend.isEmpty else { return }
    svg.element("g", [("class", "legend")]) { group in
      for (entry, place) in zip(legend, legendLayout) {
        switch entry.mark {
        case .dot:
          group.empty(
            "rect",
            [
              ("x", number(place.x + 4)), ("y", number(place.y - 5)), ("width", "10"),
              ("height", "10"), ("rx", "5"), ("fill", entry.color),
            ])
        case .line:
          group.empty(
            "rect",
            [
              ("x", number(place.x)), ("y", number(place.y - 5)), ("width", "18"), ("height", "10"),
              ("fill", entry.color), ("fill-opacity", "0.18"),
            ])
          group.empty(
            "rect",
            [
              ("x", number(place.x)), ("y", number(place.y - 1)), ("width", "18"), ("height", "2"),
              ("fill", entry.color),
            ])
        }
        group.element(
          "text", [("x", number(place.x + 24)), ("y", number(place.y + 4))], text: place.name)
      }
    }
  }

  /// `text` cut to `limit` characters, the last one replaced by "…" when it was longer.
  static func shortened(_ text: String, to limit: Int) -> String {
    guard text.count > limit else { return text }
    return String(text.prefix(max(0, limit - 1))) + "…"
  }
}

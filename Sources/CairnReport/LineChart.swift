/// A line chart of several named series, for example a ranking metric over epochs for each
/// experiment arm, each with an optional shaded band (min–max or an interval across seeds).
///
/// Both axes are nice scales (`AxisScale`) over the finite points and band values of all series.
/// Each series is one SVG `<path class="line">` (several sub-paths when non-finite points break it),
/// its band one `<path class="band">` drawn beneath all lines; points without a finite neighbour, or
/// all points when `showsMarkers` is set, are `<circle class="point">` dots. A legend lists the
/// series when there is more than one (or when `showsLegend` says so). Empty, single-point and
/// constant data give a valid chart; with nothing finite to draw the plot says "no data".
/// Complexity: O(n) in the number of points.
public struct LineChart: SVGPlot, Hashable {
  /// The title above the chart; empty for none.
  public var title: String
  /// The label of the horizontal axis.
  public var xLabel: String
  /// The label of the vertical axis.
  public var yLabel: String
  /// The series, drawn in order.
  public var series: [LineSeries]
  /// The outer size.
  public var size: PlotSize
  /// Whether every point gets a dot, not only isolated ones.
  public var showsMarkers: Bool
  /// Whether to draw the legend; nil for "when there is more than one series".
  public var showsLegend: Bool?

  /// A line chart of `series`.
  public init(
    title: String = "", xLabel: String = "", yLabel: String = "", series: [LineSeries],
    size: PlotSize = .standard, showsMarkers: Bool = false, showsLegend: Bool? = nil
  ) {
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.series = series
    self.size = size
    self.showsMarkers = showsMarkers
    self.showsLegend = showsLegend
  }

  public func svg() -> String {
    let colors = series.indices.map { series[$0].color ?? PlotPalette.color(at: $0) }
    let lines = series.map { Self.runs($0.points, isFinite: \.isFinite) }
    let bands = series.map { Self.runs($0.band, isFinite: \.isFinite) }
    let legend =
      (showsLegend ?? (series.count > 1))
      ? series.indices.map {
        PlotCanvas.LegendEntry(name: series[$0].name, color: colors[$0], mark: .line)
      }
      : []
    var xs: [Double] = []
    var ys: [Double] = []
    for points in lines.joined().joined() {
      xs.append(points.x)
      ys.append(points.y)
    }
    for band in bands.joined().joined() {
      xs.append(band.x)
      ys += [band.lower, band.upper]
    }
    let canvas = PlotCanvas(
      size: size, title: title, xLabel: xLabel, yLabel: yLabel, xScale: AxisScale(covering: xs),
      yScale: AxisScale(covering: ys), legend: legend)
    return canvas.svg(isEmpty: xs.isEmpty) { data in
      for (index, runs) in bands.enumerated() where !runs.isEmpty {
        data.empty(
          "path",
          [
            ("class", "band"), ("d", Self.bandPath(runs, canvas: canvas)), ("fill", colors[index]),
            ("fill-opacity", "0.18"), ("stroke", "none"),
          ])
      }
      for (index, runs) in lines.enumerated() {
        data.element("g", [("class", "series")]) { group in
          let path = Self.linePath(runs.filter { $0.count > 1 }, canvas: canvas)
          if !path.isEmpty {
            group.empty(
              "path",
              [
                ("class", "line"), ("d", path), ("fill", "none"), ("stroke", colors[index]),
                ("stroke-width", "2"), ("stroke-linejoin", "round"), ("stroke-linecap", "round"),
              ])
          }
          for run in runs where showsMarkers || run.count == 1 {
            for point in run {
              let attributes = [
                ("class", "point"), ("cx", canvas.number(canvas.x(point.x))),
                ("cy", canvas.number(canvas.y(point.y))), ("r", "3"), ("fill", colors[index]),
              ]
              if let label = point.label {
                group.element("circle", attributes) { $0.element("title", text: label) }
              } else {
                group.empty("circle", attributes)
              }
            }
          }
        }
      }
    }
  }

  /// `elements` split into maximal runs of finite elements (non-finite ones dropped).
  private static func runs<Element>(_ elements: [Element], isFinite: (Element) -> Bool)
    -> [[Element]]
  {
    var runs: [[Element]] = []
    var current: [Element] = []
    for element in elements {
      if isFinite(element) {
        current.append(element)
      } else if !current.isEmpty {
        runs.append(current)
        current = []
      }
    }
    if !current.isEmpty { runs.append(current) }
    return runs
  }

  /// One "M x y L x y …" sub-path per run.
  private static func linePath(_ runs: [[PlotPoint]], canvas: PlotCanvas) -> String {
    runs.map { run in
      run.enumerated().map { index, point in
        (index == 0 ? "M" : "L") + canvas.number(canvas.x(point.x)) + " "
          + canvas.number(canvas.y(point.y))
      }.joined(separator: " ")
    }.joined(separator: " ")
  }

  /// One closed sub-path per run: along the upper edge, then back along the lower edge.
  private static func bandPath(_ runs: [[LineSeries.BandPoint]], canvas: PlotCanvas) -> String {
    runs.map { run in
      let upper = run.map { (canvas.x($0.x), canvas.y($0.upper)) }
      let lower = run.reversed().map { (canvas.x($0.x), canvas.y($0.lower)) }
      return (upper + lower).enumerated().map { index, point in
        (index == 0 ? "M" : "L") + canvas.number(point.0) + " " + canvas.number(point.1)
      }.joined(separator: " ") + " Z"
    }.joined(separator: " ")
  }
}

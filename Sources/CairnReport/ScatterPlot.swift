/// A scatter plot of one or more point series, for example ground-truth accuracy (x) against
/// super-net score (y), with the evaluation pool and the landmarks as two coloured series.
///
/// Both axes are nice scales (`AxisScale`) over the finite points of all series. Each point is an
/// SVG `<circle class="point">` of radius `pointRadius`, translucent so that overlaps show; series are
/// drawn in order, so put the one that matters most last. A legend lists the series when there is
/// more than one (or when `showsLegend` says so). Empty, single-point and constant data give a valid
/// chart (the scale is widened around a constant); with no finite point the plot says "no data".
/// Complexity: O(n) in the number of points.
public struct ScatterPlot: SVGPlot, Hashable {
  /// The title above the chart; empty for none.
  public var title: String
  /// The label of the horizontal axis.
  public var xLabel: String
  /// The label of the vertical axis.
  public var yLabel: String
  /// The series, drawn in order.
  public var series: [ScatterSeries]
  /// The outer size.
  public var size: PlotSize
  /// The radius of a point.
  public var pointRadius: Double
  /// Whether to draw the legend; nil for "when there is more than one series".
  public var showsLegend: Bool?

  /// A scatter plot of `series`.
  public init(
    title: String = "", xLabel: String = "", yLabel: String = "", series: [ScatterSeries],
    size: PlotSize = .standard, pointRadius: Double = 3, showsLegend: Bool? = nil
  ) {
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.series = series
    self.size = size
    self.pointRadius = pointRadius
    self.showsLegend = showsLegend
  }

  public func svg() -> String {
    let finite = series.map { $0.points.filter(\.isFinite) }
    let colors = series.indices.map { series[$0].color ?? PlotPalette.color(at: $0) }
    let legend =
      (showsLegend ?? (series.count > 1))
      ? series.indices.map {
        PlotCanvas.LegendEntry(name: series[$0].name, color: colors[$0], mark: .dot)
      }
      : []
    let canvas = PlotCanvas(
      size: size, title: title, xLabel: xLabel, yLabel: yLabel,
      xScale: AxisScale(covering: finite.joined().map(\.x)),
      yScale: AxisScale(covering: finite.joined().map(\.y)), legend: legend)
    let radius = FixedPoint.compact(pointRadius.isFinite ? max(0.5, pointRadius) : 3)
    return canvas.svg(isEmpty: finite.allSatisfy(\.isEmpty)) { data in
      for (index, points) in finite.enumerated() {
        data.element(
          "g", [("class", "series"), ("fill", colors[index]), ("fill-opacity", "0.7")]
        ) { group in
          for point in points {
            let attributes = [
              ("class", "point"), ("cx", canvas.number(canvas.x(point.x))),
              ("cy", canvas.number(canvas.y(point.y))), ("r", radius),
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

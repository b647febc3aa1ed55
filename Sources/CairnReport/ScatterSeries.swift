/// A named group of points of a scatter plot, drawn in one colour and listed in the legend.
public struct ScatterSeries: Sendable, Hashable {
  /// The name shown in the legend, e.g. "evaluation pool" or "landmarks".
  public var name: String
  /// The points; those with a non-finite coordinate are skipped.
  public var points: [PlotPoint]
  /// A CSS colour (e.g. "#D55E00"), or nil for the palette colour of the series' position.
  public var color: String?

  /// A series named `name` of `points`.
  public init(name: String, points: [PlotPoint], color: String? = nil) {
    self.name = name
    self.points = points
    self.color = color
  }

  /// A series of the points (`x[i]`, `y[i]`), labelled `labels[i]` when given; `x`, `y` and `labels`
  /// must have the same length.
  public init(
    name: String, x: [Double], y: [Double], labels: [String]? = nil, color: String? = nil
  ) {
    precondition(x.count == y.count, "\(x.count) x values but \(y.count) y values")
    precondition(
      labels == nil || labels?.count == x.count, "labels must match the number of points")
    self.init(
      name: name,
      points: x.indices.map { PlotPoint(x: x[$0], y: y[$0], label: labels?[$0]) },
      color: color)
  }
}

/// A named curve of a line chart, with an optional shaded band around it.
///
/// Points are joined in the order given (sort them by x first for a curve over epochs). A point with a
/// non-finite coordinate is skipped and breaks the line, so a gap in the data shows as a gap; a point
/// with no finite neighbour is drawn as a dot. The band (for example the min–max or a confidence
/// interval across seeds) is the region between `lower` and `upper` along x, drawn under the line in
/// the same colour, translucent; non-finite band entries break it the same way.
public struct LineSeries: Sendable, Hashable {
  /// One x position of a band and its vertical extent.
  public struct BandPoint: Sendable, Hashable {
    /// The horizontal value.
    public var x: Double
    /// The bottom of the band at `x`.
    public var lower: Double
    /// The top of the band at `x`.
    public var upper: Double

    /// The band from `lower` to `upper` at `x`.
    public init(x: Double, lower: Double, upper: Double) {
      self.x = x
      self.lower = lower
      self.upper = upper
    }

    /// True when all three values are finite, the only band points that are drawn.
    public var isFinite: Bool { x.isFinite && lower.isFinite && upper.isFinite }
  }

  /// The name shown in the legend, e.g. an experiment arm.
  public var name: String
  /// The points of the line, joined in order.
  public var points: [PlotPoint]
  /// The shaded band, joined in order; empty for none.
  public var band: [BandPoint]
  /// A CSS colour (e.g. "#0072B2"), or nil for the palette colour of the series' position.
  public var color: String?

  /// A series named `name` through `points`, with an optional `band`.
  public init(name: String, points: [PlotPoint], band: [BandPoint] = [], color: String? = nil) {
    self.name = name
    self.points = points
    self.band = band
    self.color = color
  }

  /// A series through (`x[i]`, `y[i]`); `x` and `y` must have the same length.
  public init(name: String, x: [Double], y: [Double], color: String? = nil) {
    precondition(x.count == y.count, "\(x.count) x values but \(y.count) y values")
    self.init(
      name: name, points: zip(x, y).map { PlotPoint(x: $0, y: $1) }, color: color)
  }
}

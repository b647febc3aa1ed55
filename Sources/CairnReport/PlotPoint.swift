/// One (x, y) observation of a chart, with an optional label shown as its tooltip.
public struct PlotPoint: Sendable, Hashable {
  /// The horizontal value.
  public var x: Double
  /// The vertical value.
  public var y: Double
  /// A short text for the point (for example an architecture string), rendered as an SVG `<title>`
  /// that browsers show on hover; nil for none.
  public var label: String?

  /// The point (`x`, `y`), labelled `label`.
  public init(x: Double, y: Double, label: String? = nil) {
    self.x = x
    self.y = y
    self.label = label
  }

  /// True when both coordinates are finite, the only points that are drawn.
  public var isFinite: Bool { x.isFinite && y.isFinite }
}

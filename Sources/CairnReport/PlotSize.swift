/// The outer size of a chart in CSS pixels (SVG user units).
public struct PlotSize: Sendable, Hashable {
  /// The width, at least 200.
  public var width: Double
  /// The height, at least 150.
  public var height: Double

  /// A size of `width` × `height`, each raised to its minimum (200 × 150) when smaller or not finite.
  public init(width: Double, height: Double) {
    self.width = width.isFinite ? max(200, width) : 200
    self.height = height.isFinite ? max(150, height) : 150
  }

  /// 640 × 400, the default of every chart.
  public static let standard = PlotSize(width: 640, height: 400)
}

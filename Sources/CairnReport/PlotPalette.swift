/// The colours given to series that do not name their own.
///
/// The Okabe–Ito palette, chosen to stay distinguishable under the common forms of colour blindness,
/// without its yellow (too pale on white) and starting with blue and vermilion. Series i takes colour
/// i modulo the palette size.
public enum PlotPalette {
  /// The colours, as `#RRGGBB`.
  public static let colors = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
  ]

  /// The colour of series `index` (0-based).
  public static func color(at index: Int) -> String {
    colors[((index % colors.count) + colors.count) % colors.count]
  }
}

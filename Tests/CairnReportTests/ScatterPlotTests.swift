import Testing

@testable import CairnReport

@Suite struct ScatterPlotTests {
  static let pool = ScatterSeries(
    name: "evaluation pool", x: [85.1, 90.2, 93.4, 88.0], y: [0.61, 0.72, 0.80, 0.66])
  static let landmarks = ScatterSeries(name: "landmarks", x: [86.0, 92.5], y: [0.63, 0.79])

  @Test func drawsOneCirclePerFinitePointAndALegendForTwoSeries() throws {
    let plot = ScatterPlot(
      title: "Score vs truth", xLabel: "accuracy (%)", yLabel: "score",
      series: [Self.pool, Self.landmarks])
    let svg = plot.svg()
    #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
    #expect(try XMLCheck.count("circle", className: "point", in: svg) == 6)
    #expect(try XMLCheck.count("g", className: "series", in: svg) == 2)
    #expect(try XMLCheck.count("g", className: "legend", in: svg) == 1)
    let texts = try XMLCheck.texts(of: "text", in: svg)
    for text in ["Score vs truth", "accuracy (%)", "score", "evaluation pool", "landmarks"] {
      #expect(texts.contains(text))
    }
    let fills = try XMLCheck.attribute("fill", of: "g", in: svg)
    #expect(fills.contains(PlotPalette.color(at: 0)) && fills.contains(PlotPalette.color(at: 1)))
  }

  @Test func pointsStayInsideThePlotArea() throws {
    let svg = ScatterPlot(series: [Self.pool]).svg()
    let xs = try XMLCheck.attribute("cx", of: "circle", in: svg).map { Double($0)! }
    let ys = try XMLCheck.attribute("cy", of: "circle", in: svg).map { Double($0)! }
    #expect(xs.allSatisfy { $0 > 0 && $0 < PlotSize.standard.width })
    #expect(ys.allSatisfy { $0 > 0 && $0 < PlotSize.standard.height })
    // Higher scores are drawn higher up: SVG y decreases.
    #expect(ys[2] < ys[0])
    #expect(try XMLCheck.count("g", className: "legend", in: svg) == 0)
  }

  @Test func skipsNonFinitePoints() throws {
    let series = ScatterSeries(
      name: "pool", x: [1, .nan, 3, 4, .infinity], y: [1, 2, -.infinity, 4, 5])
    let svg = ScatterPlot(series: [series]).svg()
    #expect(try XMLCheck.count("circle", className: "point", in: svg) == 2)
    #expect(!svg.contains("nan") && !svg.contains("inf"))
  }

  @Test func escapesTitlesLabelsAndPointNames() throws {
    let series = ScatterSeries(
      name: "a<b & \"c\"", x: [1, 2], y: [3, 4], labels: ["|nor_conv_3x3~0|+|<&>|", "it's"])
    let plot = ScatterPlot(
      title: "Tom & Jerry <\"quoted\">", xLabel: "x < y", yLabel: "'single'", series: [series],
      showsLegend: true)
    let svg = plot.svg()
    #expect(svg.contains("Tom &amp; Jerry &lt;&quot;quoted&quot;&gt;"))
    #expect(!svg.contains("Tom & Jerry"))
    let texts = try XMLCheck.texts(of: "text", in: svg)
    #expect(texts.contains("Tom & Jerry <\"quoted\">"))
    #expect(texts.contains("x < y"))
    #expect(texts.contains("'single'"))
    #expect(texts.contains("a<b & \"c\""))
    let titles = try XMLCheck.texts(of: "title", in: svg)
    #expect(titles == ["Tom & Jerry <\"quoted\">", "|nor_conv_3x3~0|+|<&>|", "it's"])
  }

  @Test func emptySingleAndConstantInputsGiveValidCharts() throws {
    let cases: [[ScatterSeries]] = [
      [],
      [ScatterSeries(name: "none", points: [])],
      [ScatterSeries(name: "nan", x: [.nan], y: [.nan])],
      [ScatterSeries(name: "one", x: [93.5], y: [0.42])],
      [ScatterSeries(name: "constant", x: [1, 1, 1], y: [2, 2, 2])],
      [ScatterSeries(name: "zeros", x: [0, 0], y: [0, 0])],
    ]
    let expectedPoints = [0, 0, 0, 1, 3, 2]
    for (series, points) in zip(cases, expectedPoints) {
      let svg = ScatterPlot(title: "t", series: series).svg()
      #expect(try XMLCheck.count("circle", className: "point", in: svg) == points)
      #expect(try XMLCheck.count("text", className: "empty", in: svg) == (points == 0 ? 1 : 0))
      #expect(!svg.contains("nan") && !svg.contains("inf"))
    }
  }

  @Test func sameInputGivesSameBytes() {
    let plot = ScatterPlot(title: "t", series: [Self.pool, Self.landmarks])
    #expect(plot.svg() == plot.svg())
    #expect(plot.svg() == ScatterPlot(title: "t", series: [Self.pool, Self.landmarks]).svg())
  }

  @Test func seriesColourAndSizeAreHonoured() throws {
    let series = ScatterSeries(name: "pool", x: [1, 2], y: [1, 2], color: "#123456")
    let svg = ScatterPlot(series: [series], size: PlotSize(width: 300, height: 10)).svg()
    #expect(try XMLCheck.attribute("fill", of: "g", in: svg).contains("#123456"))
    #expect(try XMLCheck.attribute("height", of: "svg", in: svg) == ["150"])
    #expect(try XMLCheck.attribute("width", of: "svg", in: svg) == ["300"])
  }
}

import Testing

@testable import CairnReport

@Suite struct LineChartTests {
  static func epochs(_ values: [Double]) -> [PlotPoint] {
    values.enumerated().map { PlotPoint(x: Double($0 + 1), y: $1) }
  }

  @Test func drawsOnePathPerSeriesAndOneBandPerBandedSeries() throws {
    let baseline = LineSeries(
      name: "baseline", points: Self.epochs([0.1, 0.3, 0.4, 0.45]),
      band: (1...4).map { LineSeries.BandPoint(x: Double($0), lower: 0, upper: 0.5) })
    let landmarks = LineSeries(name: "landmarks", points: Self.epochs([0.2, 0.5, 0.6, 0.65]))
    let svg = LineChart(
      title: "KdT", xLabel: "epoch", yLabel: "KdT", series: [baseline, landmarks]
    ).svg()
    #expect(try XMLCheck.count("path", className: "line", in: svg) == 2)
    #expect(try XMLCheck.count("path", className: "band", in: svg) == 1)
    #expect(try XMLCheck.count("circle", className: "point", in: svg) == 0)
    #expect(try XMLCheck.count("g", className: "legend", in: svg) == 1)
    let paths = try XMLCheck.attribute("d", of: "path", in: svg)
    // The band is closed: four points along the top, four back along the bottom.
    #expect(paths[0].hasSuffix(" Z"))
    #expect(paths[0].split(separator: "L").count == 8)
    #expect(paths[1].split(separator: "L").count == 4)
  }

  @Test func nonFinitePointsBreakTheLineAndIsolatedPointsGetDots() throws {
    let series = LineSeries(
      name: "gappy", points: Self.epochs([0.1, 0.2, .nan, 0.3, .infinity, 0.4, 0.5, 0.6]))
    let svg = LineChart(series: [series]).svg()
    let line = try XMLCheck.attribute("d", of: "path", in: svg)
    #expect(line.count == 1)
    #expect(line[0].filter { $0 == "M" }.count == 2)
    #expect(try XMLCheck.count("circle", className: "point", in: svg) == 1)
    #expect(!svg.contains("nan") && !svg.contains("inf"))
  }

  @Test func markersOnEveryPointWhenAsked() throws {
    let series = LineSeries(name: "a", x: [1, 2, 3], y: [3, 1, 2])
    let svg = LineChart(series: [series], showsMarkers: true).svg()
    #expect(try XMLCheck.count("circle", className: "point", in: svg) == 3)
    #expect(try XMLCheck.count("g", className: "legend", in: svg) == 0)
  }

  @Test func emptySingleAndConstantInputsGiveValidCharts() throws {
    let cases: [([LineSeries], lines: Int, dots: Int)] = [
      ([], 0, 0),
      ([LineSeries(name: "empty", points: [])], 0, 0),
      ([LineSeries(name: "nan", x: [.nan, .nan], y: [1, 2])], 0, 0),
      ([LineSeries(name: "one", x: [5], y: [0.5])], 0, 1),
      ([LineSeries(name: "flat", x: [1, 2, 3], y: [0.7, 0.7, 0.7])], 1, 0),
      ([LineSeries(name: "vertical", x: [2, 2], y: [0.1, 0.9])], 1, 0),
    ]
    for (series, lines, dots) in cases {
      let svg = LineChart(title: "t", series: series).svg()
      #expect(try XMLCheck.count("path", className: "line", in: svg) == lines)
      #expect(try XMLCheck.count("circle", className: "point", in: svg) == dots)
      let isEmpty = lines == 0 && dots == 0
      #expect(try XMLCheck.count("text", className: "empty", in: svg) == (isEmpty ? 1 : 0))
      #expect(!svg.contains("nan") && !svg.contains("inf"))
    }
  }

  @Test func escapesSeriesNamesAndTitle() throws {
    let svg = LineChart(
      title: "P@K <K=10> & more", series: [LineSeries(name: "λ=\"0.5\"", x: [1, 2], y: [1, 2])],
      showsLegend: true
    ).svg()
    let texts = try XMLCheck.texts(of: "text", in: svg)
    #expect(texts.contains("P@K <K=10> & more"))
    #expect(texts.contains("λ=\"0.5\""))
  }

  @Test func summarizingRunsGivesTheMeanAndTheirRange() {
    let runs = [
      [PlotPoint(x: 1, y: 0.1), PlotPoint(x: 2, y: 0.4), PlotPoint(x: 3, y: .nan)],
      [PlotPoint(x: 2, y: 0.6), PlotPoint(x: 1, y: 0.3), PlotPoint(x: 3, y: 0.9)],
    ]
    let range = LineSeries(name: "arm", summarizing: runs)
    #expect(range.points.map(\.x) == [1, 2, 3])
    #expect(zip(range.points.map(\.y), [0.2, 0.5, 0.9]).allSatisfy { abs($0 - $1) < 1e-12 })
    #expect(range.band.map(\.lower) == [0.1, 0.4, 0.9])
    #expect(range.band.map(\.upper) == [0.3, 0.6, 0.9])
    let deviation = LineSeries(name: "arm", summarizing: runs, spread: .standardDeviation)
    // Two values a, b: the sample standard deviation is |a − b| / √2.
    let expected = 0.2 / 2.0.squareRoot()
    #expect(abs(deviation.band[0].upper - (0.2 + expected)) < 1e-12)
    #expect(abs(deviation.band[0].lower - (0.2 - expected)) < 1e-12)
    #expect(deviation.band[2].lower == 0.9 && deviation.band[2].upper == 0.9)
    #expect(LineSeries(name: "arm", summarizing: runs, spread: .none).band.isEmpty)
    #expect(LineSeries(name: "arm", summarizing: []).points.isEmpty)
  }

  @Test func sameInputGivesSameBytes() {
    let series = [
      LineSeries(name: "a", summarizing: [Self.epochs([0.1, 0.2]), Self.epochs([0.3, 0.1])])
    ]
    #expect(LineChart(series: series).svg() == LineChart(series: series).svg())
  }
}

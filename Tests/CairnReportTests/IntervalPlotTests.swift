import Testing

@testable import CairnReport

@Suite struct IntervalPlotTests {
  @Test func drawsOneRowPerEstimateWithItsIntervalAndTheReference() throws {
    let plot = IntervalPlot(
      title: "S-KdT", xLabel: "variant − baseline",
      rows: [
        IntervalPlot.Row(label: "lr=x2", value: 0.1, lower: -0.05, upper: 0.3),
        IntervalPlot.Row(label: "bn=tracked <&>", value: -0.2),
        IntervalPlot.Row(label: "depth=x2", value: nil),
      ])
    let svg = plot.svg()
    #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
    #expect(try XMLCheck.count("circle", className: "estimate", in: svg) == 2)
    #expect(try XMLCheck.count("line", className: "interval", in: svg) == 1)
    #expect(try XMLCheck.count("line", className: "reference", in: svg) == 1)
    #expect(svg.contains(">n/a<"))
    #expect(svg.contains("bn=tracked &lt;&amp;&gt;"))
    #expect(svg == plot.svg())
    // The axis covers every value, interval end and the reference.
    let scale = AxisScale(covering: [0.1, -0.05, 0.3, -0.2, 0])
    #expect(scale.lower <= -0.2 && scale.upper >= 0.3)
  }
}

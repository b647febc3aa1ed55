import Testing

@testable import CairnReport

@Suite struct AxisScaleTests {
  @Test(arguments: [
    (0.0, 1.0, ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"]),
    (0.0, 100.0, ["0", "20", "40", "60", "80", "100"]),
    (93.1, 94.7, ["93.0", "93.5", "94.0", "94.5", "95.0"]),
    (-3.0, 7.0, ["-4", "-2", "0", "2", "4", "6", "8"]),
    (1.0, 50.0, ["0", "10", "20", "30", "40", "50"]),
    (
      0.0013, 0.0042,
      ["0.0010", "0.0015", "0.0020", "0.0025", "0.0030", "0.0035", "0.0040", "0.0045"]
    ),
    (-0.35, 0.82, ["-0.4", "-0.2", "0.0", "0.2", "0.4", "0.6", "0.8", "1.0"]),
    (80.0, 94.0, ["80", "82", "84", "86", "88", "90", "92", "94"]),
  ])
  func niceTicks(lower: Double, upper: Double, labels: [String]) {
    let scale = AxisScale(lower: lower, upper: upper)
    #expect(scale.labels == labels)
    #expect(scale.ticks.count == labels.count)
    #expect(scale.lower <= lower && scale.upper >= upper)
    #expect(scale.ticks.first == scale.lower && scale.ticks.last == scale.upper)
    let mantissa = scale.step / pow10(scale.step)
    #expect([1, 2, 5].contains { abs(mantissa - Double($0)) < 1e-9 })
  }

  @Test func constantEmptyAndNonFiniteRangesGiveAWidth() {
    let constant = AxisScale(covering: [93.5, 93.5])
    #expect(constant.lower < 93.5 && constant.upper > 93.5)
    let zero = AxisScale(covering: [0, 0, 0])
    #expect(zero.labels == ["-1.0", "-0.5", "0.0", "0.5", "1.0"])
    let empty = AxisScale(covering: [Double]())
    #expect(empty.lower == 0 && empty.upper == 1)
    let nonFinite = AxisScale(covering: [.nan, .infinity, -.infinity])
    #expect(nonFinite.lower == 0 && nonFinite.upper == 1)
    let mixed = AxisScale(covering: [.nan, 2, 4, .infinity])
    #expect(mixed.lower <= 2 && mixed.upper >= 4 && mixed.upper < 10)
    let reversed = AxisScale(lower: 10, upper: 0)
    #expect(reversed == AxisScale(lower: 0, upper: 10))
    for scale in [constant, zero, empty, nonFinite, mixed, reversed] {
      #expect(scale.upper > scale.lower)
      #expect(scale.fraction(of: scale.upper) == 1)
    }
  }

  @Test func extremeStepsUseExponentLabelsThatStayDistinct() {
    let tiny = AxisScale(lower: 1e-7, upper: 5e-7)
    #expect(tiny.labels == ["1e-07", "2e-07", "3e-07", "4e-07", "5e-07"])
    let close = AxisScale(lower: 1.000_01, upper: 1.000_05)
    #expect(Set(close.labels).count == close.labels.count)
    let huge = AxisScale(lower: 0, upper: 3e9)
    #expect(Set(huge.labels).count == huge.labels.count)
    #expect(huge.labels == ["0", "5e+08", "1e+09", "1.5e+09", "2e+09", "2.5e+09", "3e+09"])
  }

  @Test func niceNumbers() {
    #expect(AxisScale.niceNumber(0.25, rounding: true) == 0.2)
    #expect(AxisScale.niceNumber(0.35, rounding: true) == 0.5)
    #expect(AxisScale.niceNumber(0.3, rounding: true) == 0.2)
    #expect(AxisScale.niceNumber(14, rounding: false) == 20)
    #expect(AxisScale.niceNumber(8, rounding: true) == 10)
    #expect(AxisScale.niceNumber(1, rounding: false) == 1)
  }

  private func pow10(_ step: Double) -> Double {
    var power = 1.0
    while power * 10 <= step * (1 + 1e-12) { power *= 10 }
    while power > step * (1 + 1e-12) { power /= 10 }
    return power
  }
}

import Foundation

/// A "nice" axis: a range widened to round numbers and evenly spaced ticks whose step is 1, 2 or 5
/// times a power of ten.
///
/// Loose labelling after Heckbert ("Nice numbers for graph labels", Graphics Gems, 1990) with the
/// geometric cut-offs of d3's ticks: with the data range [a, b] and a target of t ticks, the step is
/// the nice number nearest (on a log scale) to (b − a) / (t − 1), and the axis runs from
/// ⌊a / step⌋·step to ⌈b / step⌉·step, so every value lies inside it. This gives between about
/// t − 2 and 2t ticks. A constant range (a = b) is
/// first widened by 5 % of |a| (by 1 around zero), and an empty or non-finite one becomes [0, 1], so
/// there is never a zero-width axis to divide by. Labels carry as many decimals as the step needs;
/// steps below 10⁻⁴ or above 10⁶ print in exponent form.
public struct AxisScale: Sendable, Hashable {
  /// The low end of the axis, the first tick.
  public var lower: Double
  /// The high end of the axis, the last tick; always greater than `lower`.
  public var upper: Double
  /// The distance between ticks: 1, 2 or 5 times a power of ten.
  public var step: Double
  /// The tick values, from `lower` to `upper`.
  public var ticks: [Double]
  /// The tick labels, one per tick, all with the same number of decimals.
  public var labels: [String]

  /// A nice axis covering the finite values among `values` with about `targetTickCount` ticks
  /// (at least 2).
  public init(covering values: some Sequence<Double>, targetTickCount: Int = 6) {
    var low = Double.infinity
    var high = -Double.infinity
    for value in values where value.isFinite {
      low = min(low, value)
      high = max(high, value)
    }
    self.init(lower: low, upper: high, targetTickCount: targetTickCount)
  }

  /// A nice axis covering [`lower`, `upper`] (in either order) with about `targetTickCount` ticks.
  public init(lower: Double, upper: Double, targetTickCount: Int = 6) {
    var low = min(lower, upper)
    var high = max(lower, upper)
    if !low.isFinite || !high.isFinite || !(high - low).isFinite {
      (low, high) = (0, 1)
    }
    if low == high {
      let pad = low == 0 ? 1 : abs(low) * 0.05
      (low, high) = (low - pad, high + pad)
    }
    var step = Self.niceNumber((high - low) / Double(max(1, targetTickCount - 1)), rounding: true)
    let first = (low / step).rounded(.down)
    let last = (high / step).rounded(.up)
    if step > 0, step.isFinite, last - first >= 1, last - first <= 1_000 {
      // Ticks as integer multiples of the step, so 0.1 × 3 does not print as 0.30000000000000004.
      ticks = (0...Int(last - first)).map { (first + Double($0)) * step }
    } else {
      // Ranges at the limits of Double precision: the two ends only.
      ticks = [low, high]
      step = high - low
    }
    self.lower = ticks[0]
    self.upper = ticks[ticks.count - 1]
    self.step = step
    let magnitude = max(abs(self.lower), abs(self.upper))
    labels = ticks.map { Self.label($0, step: step, magnitude: magnitude) }
  }

  /// The nice number (1, 2, 5 or 10 times a power of ten) for a positive `value`: the smallest one
  /// not below it, or with `rounding` the nearest one on a log scale (cut-offs √2, √10 and √50 times
  /// the power of ten). Returns `value`
  /// itself when it is not positive and finite.
  public static func niceNumber(_ value: Double, rounding: Bool) -> Double {
    guard value > 0, value.isFinite else { return value }
    let exponent = log10(value).rounded(.down)
    let power = pow(10, exponent)
    let fraction = value / power
    let nice: Double
    if rounding {
      nice =
        fraction < 2.0.squareRoot()
        ? 1 : fraction < 10.0.squareRoot() ? 2 : fraction < 50.0.squareRoot() ? 5 : 10
    } else {
      nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
    }
    return nice * power
  }

  /// The position of `value` along the axis, 0 at `lower` and 1 at `upper` (outside for values
  /// outside the axis).
  public func fraction(of value: Double) -> Double {
    (value - lower) / (upper - lower)
  }

  /// `value` with the decimals `step` needs, or in exponent form with enough significant digits to
  /// tell ticks apart on an axis reaching `magnitude`.
  private static func label(_ value: Double, step: Double, magnitude: Double) -> String {
    if step < 1e-4 || step > 1e6 {
      let digits = Int(log10(max(magnitude / step, 1)).rounded(.up)) + 1
      return FixedPoint.significant(value, digits: min(17, max(2, digits)))
    }
    let decimals = max(0, -Int(log10(step).rounded(.down)))
    return FixedPoint.fixed(value, digits: decimals)
  }
}

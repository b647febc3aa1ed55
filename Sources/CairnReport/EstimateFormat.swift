import CairnRanking

/// Text forms of estimates for tables: "mean ± std", "[lower, upper]", and the number of decimals
/// that suits each kind of metric.
///
/// Every number is printed with a fixed number of decimals, so equal values always print alike;
/// a missing value prints as `missing` ("n/a" unless told otherwise).
public enum EstimateFormat {
  /// The text printed for a missing value.
  public static let missing = "n/a"

  /// `value` with `digits` decimals, or "n/a".
  public static func number(_ value: Double?, digits: Int) -> String {
    guard let value, value.isFinite else { return missing }
    return FixedPoint.fixed(value, digits: digits)
  }

  /// "mean ± std" with `digits` decimals each, e.g. "0.7123 ± 0.0213"; only the mean when
  /// `standardDeviation` is nil, "n/a" when `mean` is.
  public static func meanAndDeviation(_ mean: Double?, _ standardDeviation: Double?, digits: Int)
    -> String
  {
    guard let mean, mean.isFinite else { return missing }
    guard let standardDeviation, standardDeviation.isFinite else {
      return number(mean, digits: digits)
    }
    return number(mean, digits: digits) + " ± " + number(standardDeviation, digits: digits)
  }

  /// "[lower, upper]" with `digits` decimals each, e.g. "[0.6500, 0.7700]"; "n/a" when either end is
  /// missing.
  public static func interval(_ lower: Double?, _ upper: Double?, digits: Int) -> String {
    guard let lower, let upper, lower.isFinite, upper.isFinite else { return missing }
    return "[" + number(lower, digits: digits) + ", " + number(upper, digits: digits) + "]"
  }

  /// The decimals for a metric of `unit`: 4 for coefficients, fractions and probabilities, 3 for
  /// accuracies, 1 for ranks (means of ranks need not be whole).
  public static func digits(for unit: MetricEstimate.Unit) -> Int {
    switch unit {
    case .coefficient, .fraction, .probability: return 4
    case .accuracy: return 3
    case .rank: return 1
    }
  }
}

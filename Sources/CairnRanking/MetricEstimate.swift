import Foundation

/// One figure of a ranking evaluation: its value on the full sample and, when bootstrapped, its interval.
public struct MetricEstimate: Sendable, Hashable, Codable {
  /// What kind of number it is, which decides how it is printed.
  public enum Unit: String, Sendable, Hashable, Codable {
    /// A correlation coefficient in [−1, 1].
    case coefficient
    /// A proportion in [0, 1].
    case fraction
    /// A 1-based rank.
    case rank
    /// A ground-truth accuracy (or a spread of accuracies), in the ground truth's own units.
    case accuracy
    /// A probability, often tiny.
    case probability
  }

  /// A stable machine name, e.g. "kendall_tau_b".
  public var key: String
  /// A plain display name, e.g. "Kendall tau-b" or "S-KdT binned 0.1pt".
  public var name: String
  /// What kind of number it is.
  public var unit: Unit
  /// The value on the full sample, or nil when undefined there.
  public var value: Double?
  /// The bootstrap interval, when one was asked for.
  public var interval: BootstrapInterval?

  /// A figure named `key` (machine) and `name` (display), with its value and optional interval.
  public init(
    key: String, name: String, unit: Unit, value: Double?, interval: BootstrapInterval? = nil
  ) {
    self.key = key
    self.name = name
    self.unit = unit
    self.value = value
    self.interval = interval
  }

  /// `value` printed for its unit, or "undefined".
  public var formattedValue: String { Self.format(value, unit: unit) }

  /// `interval` printed as "[lower, upper]" ("undefined" when no resample counted), or "" without one.
  /// Rank bounds keep one decimal: interpolated quantiles of ranks need not be whole.
  public var formattedInterval: String {
    guard let interval else { return "" }
    guard interval.validResamples > 0 else { return "undefined" }
    let bound = { (value: Double?) in
      unit == .rank
        ? value.map { String(format: "%.1f", $0) } ?? "undefined" : Self.format(value, unit: unit)
    }
    return "[\(bound(interval.lower)), \(bound(interval.upper))]"
  }

  static func format(_ value: Double?, unit: Unit) -> String {
    guard let value else { return "undefined" }
    switch unit {
    case .coefficient, .fraction: return String(format: "%.4f", value)
    case .rank: return String(format: "%.0f", value)
    case .accuracy: return String(format: "%.3f", value)
    case .probability: return String(format: "%.4g", value)
    }
  }
}

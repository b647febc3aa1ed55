import CairnCore

/// One named metric column of a `BenchmarkTable`: its exact name, its unit and what was measured.
///
/// Names are the benchmark tables' own column names, spelled in full with dataset, split and epoch count
/// (`cifar10_test_acc_200ep`, `val_acc_108`). No metric is ever implied: every query names one.
public struct BenchmarkMetric: Hashable, Sendable, CustomStringConvertible {
  /// What a metric's numbers count, which fixes the values it accepts.
  public enum Unit: String, Hashable, Sendable {
    /// An accuracy in percent, 0...100.
    case percent
    /// An accuracy as a fraction, 0...1.
    case fraction
    /// A whole, non-negative number (parameters, FLOPs, seeds).
    case count
    /// A non-negative duration in seconds.
    case seconds
  }

  /// The exact column name that queries use.
  public let name: String
  /// The unit of the values.
  public let unit: Unit
  /// One line saying what was measured: dataset, split, training length, how repeats were combined.
  public let meaning: String

  /// Creates a metric description.
  public init(name: String, unit: Unit, meaning: String) {
    self.name = name
    self.unit = unit
    self.meaning = meaning
  }

  /// The values the metric accepts.
  public var validRange: ClosedRange<Double> {
    switch unit {
    case .percent: 0...100
    case .fraction: 0...1
    case .count, .seconds: 0...Double.greatestFiniteMagnitude
    }
  }

  /// Why `value` is not a valid value of this metric, or nil when it is.
  func problem(with value: Double) -> String? {
    if value.isNaN { return "\(name) is NaN" }
    if !value.isFinite { return "\(name) is \(value), not finite" }
    guard validRange.contains(value) else {
      let bound = unit == .percent ? "0...100" : unit == .fraction ? "0...1" : ">= 0"
      return "\(name) is \(value), outside \(bound) (\(unit.rawValue))"
    }
    if unit == .count && value.rounded(.towardZero) != value {
      return "\(name) is \(value), not a whole number"
    }
    return nil
  }

  public var description: String { "\(name) (\(unit.rawValue)): \(meaning)" }
}

import CairnCore
import CairnSpaces

extension GroundTruth {
  /// Reads `space:metric`, the metric column of the table shipped for the space: `nb201:cifar10_test_acc_200ep`,
  /// `nb101:val_acc_108`. A space without a table (`darts`) throws, saying that its ground truth comes from a
  /// results store.
  ///
  /// Throws `CairnError.invalidInput` naming the text when the colon, the space or the metric is missing, or the
  /// space is unknown (each listing the valid forms), and for an unknown metric (suggesting the nearest and
  /// listing the table's metrics). Everything after the first colon is the metric.
  public init(parsing text: String) throws(CairnError) {
    guard let colon = text.firstIndex(of: ":") else {
      throw .invalidInput(
        "ground truth '\(text)' is not of the form space:metric; \(Self.validForms)")
    }
    let spaceText = String(text[..<colon])
    let metric = String(text[text.index(after: colon)...])
    guard !spaceText.isEmpty else {
      throw .invalidInput("ground truth '\(text)' names no space; \(Self.validForms)")
    }
    guard let space = SpaceName(rawValue: spaceText) else {
      let names = SpaceName.allCases.map(\.rawValue)
      var message = "unknown space '\(spaceText)' in ground truth '\(text)'"
      if let nearest = NameSuggestion.nearest(to: spaceText, among: names) {
        message += "; did you mean '\(nearest)'?"
      }
      throw .invalidInput(message + " \(Self.validForms)")
    }
    let table = try BenchmarkTable.shipped(space)
    guard !metric.isEmpty else {
      throw .invalidInput(
        "ground truth '\(text)' names no metric; valid \(space) metrics: "
          + table.metricNames.joined(separator: ", "))
    }
    try self.init(table: table, metric: metric, description: "table \(space):\(metric)")
  }

  /// The forms `init(parsing:)` reads, for messages: one per space with a shipped table.
  static var validForms: String {
    let spaces = SpaceName.allCases.filter { exampleMetric($0) != nil }
    let forms = spaces.map { "\($0):<metric>" }.joined(separator: " or ")
    let examples = spaces.map { "\($0):\(exampleMetric($0) ?? "")" }.joined(separator: ", ")
    return "write \(forms), e.g. \(examples)"
  }

  /// A metric of the table shipped for `space`, for examples in messages; nil for a space without a table.
  static func exampleMetric(_ space: SpaceName) -> String? {
    switch space {
    case .nb201: "cifar10_test_acc_200ep"
    case .nb101: "val_acc_108"
    case .darts: nil
    }
  }
}

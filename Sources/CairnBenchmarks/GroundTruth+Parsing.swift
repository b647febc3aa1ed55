import CairnCore
import CairnSpaces

extension GroundTruth {
  /// Reads one of the two forms of ground truth:
  ///
  /// - `space:metric`, the metric column of the table shipped for the space: `nb201:cifar10_test_acc_200ep`,
  ///   `nb101:val_acc_108`;
  /// - `space:<dataset>_standalone_acc@<protocol>`, a benchmark Cairn built (`cairn bench build`): the mean test
  ///   accuracy over seeds of the stand-alone runs of one training protocol, named by its hash or a unique prefix
  ///   of at least 6 characters. A shipped built benchmark (`BuiltBenchmark.shipped()`) of that space, dataset and
  ///   protocol is used when there is one, else the results store at `store`. A space without a table (`darts`)
  ///   has only this form.
  ///
  /// Throws `CairnError.invalidInput` naming the text when the colon, the space or the metric is missing, or the
  /// space is unknown (each listing the valid forms), for an unknown metric (suggesting the nearest and listing the
  /// table's metrics), and for a protocol that no built benchmark has or that several start with (listing the
  /// protocols present). Everything after the first colon is the metric.
  public init(parsing text: String, store: String = ResultsStoreLocation.defaultPath)
    throws(CairnError)
  {
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
    if metric.contains("@") {
      try self.init(space: space, builtMetric: metric, text: text, store: store)
      return
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
    return
      "write \(forms), e.g. \(examples), or a built benchmark as space:<dataset>_standalone_acc@<protocol>"
  }

  /// A metric of the table shipped for `space`, for examples in messages; nil for a space without a table.
  static func exampleMetric(_ space: SpaceName) -> String? {
    switch space {
    case .nb201: "cifar10_test_acc_200ep"
    case .nb101: "val_acc_108"
    case .darts, .resnet20Width: nil
    }
  }
}

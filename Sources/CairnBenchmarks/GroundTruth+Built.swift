import CairnCore
import CairnSpaces

extension GroundTruth {
  /// The suffix of a built benchmark's metric: `<dataset>_standalone_acc`.
  static let builtMetricSuffix = "_standalone_acc"

  /// The ground truth of a built benchmark: each architecture's mean test accuracy over seeds, in percent (metric
  /// `<dataset>_standalone_acc`), described as `built benchmark space:metric@protocol` and its source.
  public init(built benchmark: BuiltBenchmark) throws(CairnError) {
    let metric = "\(benchmark.dataset)\(Self.builtMetricSuffix)"
    let results = try benchmark.results()
    let path: String
    switch benchmark.source {
    case .shipped(let file): path = file
    case .store(let store): path = store
    }
    guard !results.isEmpty else {
      throw .invalidFile(path: path, problem: "holds no results of \(benchmark)")
    }
    try self.init(
      results: results, space: benchmark.space, metric: metric,
      description: "built benchmark \(benchmark.space):\(metric)@\(benchmark.protocolHash) "
        + "(\(Self.origin(benchmark.source)))",
      path: path)
  }

  /// Reads the `metric@protocol` part of `space:<dataset>_standalone_acc@<protocol>` (`text` is the whole form, for
  /// messages) and resolves the protocol among the shipped built benchmarks and the store at `store`.
  init(space: SpaceName, builtMetric part: String, text: String, store: String) throws(CairnError) {
    guard let at = part.firstIndex(of: "@") else {
      throw .invalidInput("ground truth '\(text)' names no protocol after '@'")
    }
    let metric = String(part[..<at])
    let prefix = String(part[part.index(after: at)...])
    guard metric.hasSuffix(Self.builtMetricSuffix), metric.count > Self.builtMetricSuffix.count
    else {
      throw .invalidInput(
        "ground truth '\(text)': a built benchmark's metric is <dataset>\(Self.builtMetricSuffix) "
          + "(e.g. cifar10\(Self.builtMetricSuffix)@<protocol>), not '\(metric)'")
    }
    guard !prefix.isEmpty else {
      throw .invalidInput(
        "ground truth '\(text)' names no protocol after '@'; write a protocol hash or a unique prefix "
          + "of at least 6 characters")
    }
    let dataset = String(metric.dropLast(Self.builtMetricSuffix.count))
    try self.init(
      built: BuiltBenchmark.resolve(
        space: space, dataset: dataset, protocolPrefix: prefix, store: store))
  }

  private static func origin(_ source: BuiltBenchmark.Source) -> String {
    switch source {
    case .shipped(let path): "shipped \(path)"
    case .store(let path): "results store \(path)"
    }
  }
}

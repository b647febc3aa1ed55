import CairnCore
import CairnSpaces

extension ResultsStore {
  /// The summary of `space` on `dataset` under one configuration as a queryable `BenchmarkTable`.
  ///
  /// The table has two metrics, named after the dataset: `<dataset>_standalone_acc`, the mean test accuracy over
  /// seeds in percent, and `<dataset>_standalone_seeds`, the number of seeds. An `nb201` table answers queries by
  /// official index and by architecture string, with rows in index order; other spaces answer by the recorded
  /// architecture string, with rows in string order.
  public func table(space: String, dataset: String, configHash: String) throws(CairnError)
    -> BenchmarkTable
  {
    let summaries = try summary(space: space, dataset: dataset, configHash: configHash)
    let metrics = Self.standaloneMetrics(dataset: dataset)
    let source = "\(path) (space \(space), dataset \(dataset), config \(configHash))"
    if space == "nb201" {
      let nb201 = NB201Space()
      var ordered: [(index: Int, summary: ArchitectureSummary)] = []
      for summary in summaries {
        ordered.append(
          (try nb201.index(of: NB201Architecture(parsing: summary.architecture)), summary))
      }
      ordered.sort { $0.index < $1.index }
      var rowByIndex = [Int32](repeating: -1, count: NB201Architecture.cellCount)
      for (row, entry) in ordered.enumerated() { rowByIndex[entry.index] = Int32(row) }
      return BenchmarkTable(
        space: space, source: source, metrics: metrics,
        columns: [ordered.map(\.summary.mean), ordered.map { Double($0.summary.count) }],
        keys: .nb201(indices: ordered.map(\.index), rowByIndex: rowByIndex))
    }
    var rowByArchitecture: [String: Int] = [:]
    for (row, summary) in summaries.enumerated() { rowByArchitecture[summary.architecture] = row }
    return BenchmarkTable(
      space: space, source: source, metrics: metrics,
      columns: [summaries.map(\.mean), summaries.map { Double($0.count) }],
      keys: .text(
        architectures: summaries.map(\.architecture), rowByArchitecture: rowByArchitecture))
  }

  /// The metrics of a stand-alone results table for `dataset`.
  static func standaloneMetrics(dataset: String) -> [BenchmarkMetric] {
    [
      BenchmarkMetric(
        name: "\(dataset)_standalone_acc", unit: .percent,
        meaning: "\(dataset) test accuracy of stand-alone training, mean over seeds"),
      BenchmarkMetric(
        name: "\(dataset)_standalone_seeds", unit: .count,
        meaning: "number of seeds behind \(dataset)_standalone_acc"),
    ]
  }
}

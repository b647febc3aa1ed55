import CairnBenchmarks
import CairnCore
import CairnSpaces
import Foundation

/// Where a super-net run's landmarks take their ground truth from: the benchmark table named by `truth`, or
/// Cairn's own results store of stand-alone runs (the mean test accuracy over seeds).
struct LandmarkGroundTruth {
  /// Names the source in messages and run files.
  let description: String
  /// NB201 indices whose ground truth is known; nil when every architecture has one.
  let known: [Int]?
  private let values: [Int: Double]?
  private let table: BenchmarkTable?
  private let metric: String

  /// The `metric` column of a benchmark table (every architecture is known).
  init(table: BenchmarkTable, metric: String, name: String) {
    description = name
    known = nil
    values = nil
    self.table = table
    self.metric = metric
  }

  /// The stand-alone results of `dataset` in the store at `path` (optionally of one protocol hash), averaged
  /// over seeds per architecture.
  init(storeAt path: String, dataset: String, protocolHash: String?) throws(CairnError) {
    guard FileManager.default.fileExists(atPath: path) else {
      throw .invalidFile(
        path: path,
        problem:
          "no results store here (landmarks.source is store; record runs with `cairn train --record`)"
      )
    }
    let store = try ResultsStore(path: path)
    let results = try store.results(space: "nb201", dataset: dataset, configHash: protocolHash)
    let space = NB201Space()
    var sums: [Int: (Double, Int)] = [:]
    for result in results {
      let architecture: NB201Architecture
      do {
        architecture = try NB201Architecture(parsing: result.architecture)
      } catch {
        throw .invalidFile(
          path: path, problem: "stored architecture '\(result.architecture)': \(error.description)")
      }
      let index = try space.index(of: architecture)
      let sum = sums[index] ?? (0, 0)
      sums[index] = (sum.0 + result.testAccuracy, sum.1 + 1)
    }
    values = sums.mapValues { $0.0 / Double($0.1) }
    known = values?.keys.sorted()
    table = nil
    metric = "test_accuracy"
    description =
      "results store \(path) (\(dataset)\(protocolHash.map { ", protocol \($0)" } ?? ""))"
  }

  /// The ground truth of `architecture`; throws when the source does not know it.
  func value(for architecture: NB201Architecture) throws(CairnError) -> Double {
    if let table { return try table.value(metric: metric, for: architecture) }
    let index = try NB201Space().index(of: architecture)
    guard let value = values?[index] else {
      throw .invalidInput(
        "landmark \(architecture.archString) has no ground truth in the \(description)")
    }
    return value
  }
}

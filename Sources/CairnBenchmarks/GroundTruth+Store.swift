import CairnCore
import CairnSpaces
import Foundation

extension GroundTruth {
  /// The stand-alone results of `space` on `dataset` in the results store at `path`: each architecture's mean test
  /// accuracy over seeds, in percent (metric `<dataset>_standalone_acc`).
  ///
  /// `protocolHash` keeps the results of one training configuration — a whole hash, or a unique prefix of at
  /// least 6 characters of one recorded in the store; nil averages every configuration together.
  /// NB201 cells are keyed by their canonical string; NB101 cells by module hash and DARTS genotypes by
  /// `DARTSSpace.identity(of:)` (each node's two edges in either order), so the seeds of equivalent forms are
  /// averaged together and `knownArchitectures` lists the first of their texts in sorted order.
  ///
  /// Throws `CairnError.invalidFile` naming the path when there is no file (it is never created), when it is not a
  /// results store, when a stored architecture does not parse or has no NB101 module hash, or when it holds no
  /// results of `space` on `dataset` under the protocol; `CairnError.invalidInput` for a protocol prefix that
  /// matches no recorded protocol or several. Reads every matching row once: O(rows).
  public init(store path: String, space: SpaceName, dataset: String, protocolHash: String?)
    throws(CairnError)
  {
    guard FileManager.default.fileExists(atPath: path) else {
      throw .invalidFile(
        path: path,
        problem: "no results store here; record stand-alone runs with `cairn train --record`")
    }
    var hash = protocolHash
    if let prefix = protocolHash,
      try !ResultsStore(path: path).protocols(space: space.rawValue, dataset: dataset).isEmpty
    {
      hash =
        try BuiltBenchmark.resolve(
          space: space, dataset: dataset, protocolPrefix: prefix, store: path,
          includingShipped: false
        ).protocolHash
    }
    let scope = "\(space), \(dataset)" + (hash.map { ", protocol \($0)" } ?? "")
    let results = try ResultsStore(path: path).results(
      space: space.rawValue, dataset: dataset, configHash: hash)
    guard !results.isEmpty else {
      throw .invalidFile(path: path, problem: "the results store holds no results of \(scope)")
    }
    try self.init(
      results: results, space: space, metric: "\(dataset)_standalone_acc",
      description: "results store \(path) (\(scope))", path: path)
  }

  /// Each architecture's mean test accuracy over `results` (all of `space`), keyed by its canonical key; `path`
  /// names the source of a stored architecture that does not parse.
  init(
    results: [StoredResult], space: SpaceName, metric: String, description: String, path: String
  ) throws(CairnError) {
    var sums: [String: (total: Double, count: Int)] = [:]
    var textByKey: [String: String] = [:]
    for result in results {
      let key: String
      do throws(CairnError) {
        key = try Self.key(storedText: result.architecture, space: space)
      } catch {
        throw .invalidFile(
          path: path,
          problem: "stored \(space) architecture '\(result.architecture)': \(error.description)")
      }
      let sum = sums[key] ?? (0, 0)
      sums[key] = (sum.total + result.testAccuracy, sum.count + 1)
      if let known = textByKey[key], known <= result.architecture { continue }
      textByKey[key] = result.architecture
    }
    self.init(
      space: space, metric: metric, description: description,
      backing: .values(
        sums.mapValues { $0.total / Double($0.count) },
        architectures: textByKey.values.sorted()))
  }

  /// The value under `key` of a results-backed truth of `space`; nil for a table or another space.
  func storedValue(forKey key: String, in space: SpaceName) -> Double? {
    guard self.space == space, case .values(let values, _) = backing else { return nil }
    return values[key]
  }

  /// The key of an architecture text in a results-backed truth; throws when it does not parse or has no module
  /// hash.
  static func key(storedText text: String, space: SpaceName) throws(CairnError) -> String {
    switch space {
    case .nb201:
      return key(try NB201Architecture(parsing: text))
    case .nb101:
      guard let hash = key(try NB101Architecture(parsing: text)) else {
        throw .invalidInput("its input does not reach its output, so it has no module hash")
      }
      return hash
    case .darts:
      return key(try DARTSGenotype(parsing: text))
    case .resnet20Width:
      return key(try WidthArchitecture(parsing: text))
    }
  }
}

import CairnCore
import CairnSpaces
import Foundation

/// A benchmark Cairn built by training architectures itself (`cairn bench build`): the stand-alone results of one
/// space on one dataset under one training protocol (a `StandaloneConfiguration.protocolHash`).
///
/// A built benchmark is either shipped with Cairn, as a `ResultsCSV` file in `Resources/built/` named
/// `<space>.<dataset>.<protocol>.csv` (or `.csv.gz`), or recorded in a results store. `available` lists both, and
/// `resolve` finds one by a protocol hash or a unique prefix of one, preferring the shipped copy.
public struct BuiltBenchmark: Sendable, Hashable, CustomStringConvertible {
  /// Where the results are.
  public enum Source: Sendable, Hashable {
    /// A CSV file shipped in the CairnBenchmarks bundle.
    case shipped(path: String)
    /// A results store (SQLite).
    case store(path: String)
  }

  public let space: SpaceName
  public let dataset: String
  public let protocolHash: String
  public let source: Source

  /// `shipped built/<file>` or `results store <path>`, with the space, dataset and protocol.
  public var description: String {
    let scope = "\(space), \(dataset), protocol \(protocolHash)"
    switch source {
    case .shipped(let path):
      return
        "shipped built benchmark built/\(URL(fileURLWithPath: path).lastPathComponent) (\(scope))"
    case .store(let path): return "results store \(path) (\(scope))"
    }
  }

  /// The results, read from the shipped file (whose every row must be of this space, dataset and protocol) or
  /// the store. Throws `CairnError.invalidFile` naming the file for a malformed row or a row of another benchmark.
  public func results() throws(CairnError) -> [StoredResult] {
    switch source {
    case .store(let path):
      return try ResultsStore(path: path).results(
        space: space.rawValue, dataset: dataset, configHash: protocolHash)
    case .shipped(let path):
      let file = try TableFile(url: URL(fileURLWithPath: path))
      let rows = try ResultsStore.results(in: file, createdAt: Date(timeIntervalSince1970: 0))
      for (row, result) in rows
      where result.space != space.rawValue || result.dataset != dataset
        || result.configHash != protocolHash
      {
        throw .invalidFile(
          path: path,
          problem: "row \(row): \(result.space), \(result.dataset), protocol \(result.configHash) "
            + "does not match the file name (\(space), \(dataset), protocol \(protocolHash))")
      }
      return rows.map(\.result)
    }
  }

  // MARK: Finding

  /// The built benchmarks of `space` on `dataset`: the shipped ones (unless `includingShipped` is false), then the
  /// protocols recorded in the results store at `store` (which is not created when missing), each ordered by
  /// protocol hash.
  public static func available(
    space: SpaceName, dataset: String, store: String, includingShipped: Bool = true
  ) throws(CairnError) -> [BuiltBenchmark] {
    var found =
      includingShipped ? try shipped().filter { $0.space == space && $0.dataset == dataset } : []
    if FileManager.default.fileExists(atPath: store) {
      for (hash, _) in try ResultsStore(path: store).protocols(
        space: space.rawValue, dataset: dataset)
      {
        found.append(
          BuiltBenchmark(
            space: space, dataset: dataset, protocolHash: hash, source: .store(path: store)))
      }
    }
    return found
  }

  /// The built benchmark of `space` on `dataset` whose protocol hash is `protocolPrefix` or starts with it (at
  /// least 6 characters), the shipped copy when there is one, else the store's.
  ///
  /// Throws `CairnError.invalidInput` for a prefix shorter than 6 characters that is no whole hash, for a prefix
  /// no protocol has or more than one has (listing the protocols present and where they are), and when no
  /// benchmark of `space` on `dataset` is shipped or recorded.
  /// With `includingShipped` false, only the store's protocols are candidates.
  public static func resolve(
    space: SpaceName, dataset: String, protocolPrefix prefix: String, store: String,
    includingShipped: Bool = true
  ) throws(CairnError) -> BuiltBenchmark {
    try resolve(
      space: space, dataset: dataset, protocolPrefix: prefix, store: store,
      among: available(
        space: space, dataset: dataset, store: store, includingShipped: includingShipped))
  }

  /// `resolve` among `available` (shipped ones first).
  static func resolve(
    space: SpaceName, dataset: String, protocolPrefix prefix: String, store: String,
    among available: [BuiltBenchmark]
  ) throws(CairnError) -> BuiltBenchmark {
    guard !available.isEmpty else {
      throw .invalidInput(
        "no built benchmark of \(space) on \(dataset): none is shipped and the results store \(store) "
          + "holds none; build one with `cairn bench build`")
    }
    let hashes = Array(Set(available.map(\.protocolHash))).sorted()
    let present = "protocols present: " + list(available)
    if let exact = available.first(where: { $0.protocolHash == prefix }) { return exact }
    guard prefix.count >= 6 else {
      throw .invalidInput(
        "protocol '\(prefix)' of \(space) on \(dataset) is shorter than 6 characters and no whole hash; \(present)"
      )
    }
    let matches = hashes.filter { $0.hasPrefix(prefix) }
    guard matches.count == 1, let hash = matches.first else {
      throw .invalidInput(
        matches.isEmpty
          ? "no built benchmark of \(space) on \(dataset) has protocol '\(prefix)'; \(present)"
          : "protocol prefix '\(prefix)' of \(space) on \(dataset) is ambiguous: it starts "
            + "\(matches.joined(separator: ", ")); \(present)")
    }
    // The shipped copy comes first in `available`.
    return available.first { $0.protocolHash == hash } ?? available[0]
  }

  /// `hash (where)` for each benchmark, comma-separated.
  private static func list(_ benchmarks: [BuiltBenchmark]) -> String {
    benchmarks.map { benchmark in
      switch benchmark.source {
      case .shipped: "\(benchmark.protocolHash) (shipped)"
      case .store(let path): "\(benchmark.protocolHash) (store \(path))"
      }
    }.joined(separator: ", ")
  }
}

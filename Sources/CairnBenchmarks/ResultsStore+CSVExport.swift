import CairnCore
import Foundation
import GRDB

extension ResultsStore {
  /// The results of `space` on `dataset` (of one protocol, or of all) in the `ResultsCSV` form that `importCSV`
  /// reads, ordered by protocol hash, architecture and seed; the header alone when there are none.
  public func exportCSV(space: String, dataset: String, configHash: String? = nil)
    throws(CairnError) -> String
  {
    ResultsCSV.text(of: try results(space: space, dataset: dataset, configHash: configHash))
  }

  /// Writes `exportCSV(space:dataset:configHash:)` to `url` atomically and returns the number of results written.
  @discardableResult
  public func exportCSV(space: String, dataset: String, configHash: String? = nil, to url: URL)
    throws(CairnError) -> Int
  {
    let results = try results(space: space, dataset: dataset, configHash: configHash)
    try AtomicFile.write(ResultsCSV.text(of: results), to: url)
    return results.count
  }

  /// The protocol (configuration) hashes recorded for `space` on `dataset`, each with its number of results,
  /// ordered by hash.
  public func protocols(space: String, dataset: String) throws(CairnError) -> [(
    hash: String, results: Int
  )] {
    try perform("query") {
      try pool.read { db in
        try Row.fetchAll(
          db,
          sql: """
            SELECT config_hash, COUNT(*) AS results FROM standalone_result
            WHERE space = ? AND dataset = ? GROUP BY config_hash ORDER BY config_hash
            """,
          arguments: [space, dataset]
        ).map { row in (hash: row["config_hash"], results: row["results"]) }
      }
    }
  }
}

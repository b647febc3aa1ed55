import CairnCore
import Foundation
import GRDB

/// Cairn's store of stand-alone training results: one SQLite file, safe for several processes at once.
///
/// The file is opened in write-ahead-log mode with a 10-second busy timeout, and every write is one immediate
/// transaction, so concurrent writers (threads with their own store, or other processes) wait for each other and
/// no row is lost. The schema is created and upgraded by a migrator.
public final class ResultsStore: Sendable {
  /// The database file.
  public let path: String
  let pool: DatabasePool

  /// Opens (creating it when missing) the store at `path`.
  ///
  /// Throws `CairnError.invalidFile` when the file cannot be opened or is not a results store.
  public init(path: String) throws(CairnError) {
    self.path = path
    var configuration = Configuration()
    configuration.busyMode = .timeout(10)
    configuration.label = "CairnResults"
    do {
      pool = try DatabasePool(path: path, configuration: configuration)
    } catch {
      throw .invalidFile(
        path: path, problem: "cannot open the results store (\(Self.reason(error)))")
    }
    try migrate()
  }

  private static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1 standalone results") { db in
      try db.execute(
        sql: """
          CREATE TABLE standalone_result (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            space TEXT NOT NULL CHECK (space <> ''),
            architecture TEXT NOT NULL CHECK (architecture <> ''),
            dataset TEXT NOT NULL CHECK (dataset <> ''),
            config_hash TEXT NOT NULL CHECK (config_hash <> ''),
            seed INTEGER NOT NULL CHECK (seed >= 0),
            test_accuracy REAL NOT NULL CHECK (test_accuracy BETWEEN 0 AND 100),
            epochs INTEGER CHECK (epochs IS NULL OR epochs >= 1),
            created_at TEXT NOT NULL,
            run_directory TEXT,
            UNIQUE (space, dataset, config_hash, architecture, seed)
          )
          """)
    }
    return migrator
  }

  /// Runs the migrator; when another process migrates at the same moment and wins, its schema is accepted.
  private func migrate() throws(CairnError) {
    let migrator = Self.migrator
    do {
      try migrator.migrate(pool)
    } catch {
      let done = (try? pool.read { db in try migrator.hasCompletedMigrations(db) }) ?? false
      if !done {
        throw .invalidFile(
          path: path, problem: "not a usable results store (\(Self.reason(error)))")
      }
    }
  }

  // MARK: Writing

  /// Records one result in its own transaction.
  ///
  /// Throws `CairnError.invalidInput` when the result does not validate or the same space, dataset,
  /// configuration hash, architecture and seed are already recorded.
  public func record(_ result: StoredResult) throws(CairnError) {
    try record(contentsOf: [result])
  }

  /// Records several results in one transaction: all of them or, on the first bad one, none.
  public func record(contentsOf results: [StoredResult]) throws(CairnError) {
    for result in results { try result.validate() }
    try write { db in
      for result in results { try Self.insert(result, into: db) }
    }
  }

  /// Runs `updates` in one immediate transaction, translating errors.
  func write(_ updates: (Database) throws -> Void) throws(CairnError) {
    try perform("write") {
      try pool.writeWithoutTransaction { db in
        try db.inTransaction(.immediate) {
          try updates(db)
          return .commit
        }
      }
    }
  }

  /// Inserts a validated result; a repeated key becomes `CairnError.invalidInput`.
  static func insert(_ result: StoredResult, into db: Database) throws {
    do {
      try db.execute(
        sql: """
          INSERT INTO standalone_result
            (space, architecture, dataset, config_hash, seed, test_accuracy, epochs, created_at, run_directory)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          result.space, result.architecture, result.dataset, result.configHash, result.seed,
          result.testAccuracy, result.epochs, result.createdAt, result.runDirectory,
        ])
    } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
      throw CairnError.invalidInput(
        "already recorded: \(result.space) '\(result.architecture)' on \(result.dataset), "
          + "config \(result.configHash), seed \(result.seed)")
    }
  }

  // MARK: Reading

  /// The number of recorded results.
  public func count() throws(CairnError) -> Int {
    try perform("count") {
      try pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM standalone_result") ?? 0
      }
    }
  }

  /// The results of `space` on `dataset`, optionally of one architecture and one configuration, ordered by
  /// configuration hash, architecture and seed.
  public func results(
    space: String, dataset: String, architecture: String? = nil, configHash: String? = nil
  ) throws(CairnError) -> [StoredResult] {
    try perform("query") {
      try pool.read { db in
        let rows = try Row.fetchAll(
          db,
          sql: """
            SELECT space, architecture, dataset, config_hash, seed, test_accuracy, epochs, created_at,
                   run_directory
            FROM standalone_result
            WHERE space = ? AND dataset = ? AND (?3 IS NULL OR architecture = ?3)
              AND (?4 IS NULL OR config_hash = ?4)
            ORDER BY config_hash, architecture, seed
            """,
          arguments: [space, dataset, architecture, configHash])
        return rows.map { row in
          StoredResult(
            space: row["space"], architecture: row["architecture"], dataset: row["dataset"],
            configHash: row["config_hash"], seed: row["seed"], testAccuracy: row["test_accuracy"],
            epochs: row["epochs"], createdAt: row["created_at"], runDirectory: row["run_directory"])
        }
      }
    }
  }

  /// Per-architecture mean, sample standard deviation and seed count of the test accuracy of `space` on
  /// `dataset` under one configuration, ordered by architecture.
  public func summary(space: String, dataset: String, configHash: String) throws(CairnError)
    -> [ArchitectureSummary]
  {
    let results = try results(space: space, dataset: dataset, configHash: configHash)
    var summaries: [ArchitectureSummary] = []
    var start = 0
    while start < results.count {
      var end = start
      while end < results.count && results[end].architecture == results[start].architecture {
        end += 1
      }
      let group = results[start..<end]
      summaries.append(
        ArchitectureSummary(
          architecture: results[start].architecture, seeds: group.map(\.seed),
          accuracies: group.map(\.testAccuracy)))
      start = end
    }
    return summaries
  }

  // MARK: Errors

  /// Runs `body`, passing `CairnError`s through and turning database errors into `CairnError`.
  func perform<T>(_ operation: String, _ body: () throws -> T) throws(CairnError) -> T {
    do {
      return try body()
    } catch let error as CairnError {
      throw error
    } catch {
      throw .failure("results store \(path): \(operation) failed (\(Self.reason(error)))")
    }
  }

  static func reason(_ error: any Error) -> String {
    if let error = error as? DatabaseError {
      return error.message ?? "\(error.resultCode)"
    }
    return "\(error)"
  }
}

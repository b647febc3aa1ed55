import ArgumentParser
import CairnBenchmarks
import CairnCore
import CairnSpaces
import Foundation

/// `cairn bench`: query ground-truth tables and Cairn's own results store.
struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Query benchmark tables (NB201, NB101), build benchmarks by training, import and export results.",
    subcommands: [
      Query.self, Top.self, Import.self, Export.self, Metrics.self, Build.self, Status.self,
    ])

  /// Options shared by the table queries.
  struct TableOptions: ParsableArguments {
    @Option(help: "The search space: nb201 or nb101.") var space: String

    /// The table shipped for `--space`.
    func table() throws(CairnError) -> BenchmarkTable {
      try BenchmarkTable.shipped(SpaceName(parsing: space))
    }
  }

  struct Query: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "One architecture's value of one metric.")
    @OptionGroup var table: TableOptions
    @Option(help: "The architecture: native string, NB201 index, or NB101 hash.") var arch: String
    @Option(help: "The metric, e.g. cifar10_test_acc_200ep (see `cairn bench metrics`).")
    var metric: String

    func run() throws {
      try Cairn.reportingErrors {
        let t = try table.table()
        let row = try t.row(forArgument: arch)
        print("\(try t.entry(at: row))\t\(metric)\t\(try t.value(metric: metric, row: row))")
      }
    }
  }

  struct Top: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "The K best architectures by one metric.")
    @OptionGroup var table: TableOptions
    @Option(help: "The metric to rank by (no default).") var metric: String
    @Option(name: .short, help: "How many.") var k = 10

    func run() throws {
      try Cairn.reportingErrors {
        guard k > 0 else { throw CairnError.invalidInput("-k must be positive, got \(k)") }
        for (rank, entry) in try table.table().top(k: k, metric: metric).enumerated() {
          print("\(rank + 1)\t\(entry.value)\t\(entry.entry)")
        }
      }
    }
  }

  struct Metrics: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "The metric names a table answers, with meanings.")
    @OptionGroup var table: TableOptions

    func run() throws {
      try Cairn.reportingErrors {
        for metric in try table.table().metrics { print(metric) }
      }
    }
  }

  struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract:
        "Import stand-alone results from CSV (space,arch,dataset,config_hash,seed,accuracy[,epochs])."
    )
    @Argument(help: "The CSV file.") var file: String
    @Option(help: "The results store (SQLite).") var store = ResultsStoreLocation.defaultPath

    func run() throws {
      try Cairn.reportingErrors {
        let count = try ResultsStoreLocation.open(store).importCSV(url: URL(fileURLWithPath: file))
        print("imported \(count) results into \(store)")
      }
    }
  }
}

extension Bench {
  struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract:
        "Write the results store's rows of one space and dataset as CSV (the form import reads).",
      discussion: """
        Rows are ordered by protocol hash, architecture and seed; accuracy is written as the shortest decimal that \
        reads back to the same value, so export, import into an empty store and export again give the same bytes. \
        A built benchmark to ship goes to Sources/CairnBenchmarks/Resources/built/<space>.<dataset>.<protocol>.csv.
        """)
    @Option(help: "The search space: \(SpaceName.nameList).") var space: SpaceName
    @Option(help: "The dataset, e.g. cifar10.") var dataset: String
    @Option(
      name: .customLong("protocol"),
      help:
        "Only the results of this protocol: its hash or a unique prefix of at least 6 characters.")
    var protocolPrefix: String?
    @Option(help: "The results store (SQLite).") var store = ResultsStoreLocation.defaultPath
    @Option(help: "The CSV file to write atomically (default: standard output).") var output:
      String?

    func run() throws {
      try Cairn.reportingErrors {
        guard FileManager.default.fileExists(atPath: store) else {
          throw CairnError.invalidFile(path: store, problem: "no results store here")
        }
        let results = try ResultsStore(path: store)
        let protocolHash = try protocolPrefix.map { prefix throws(CairnError) in
          try BuiltBenchmark.resolve(
            space: space, dataset: dataset, protocolPrefix: prefix, store: store,
            includingShipped: false
          ).protocolHash
        }
        if let output {
          let count = try results.exportCSV(
            space: space.rawValue, dataset: dataset, configHash: protocolHash,
            to: URL(fileURLWithPath: output))
          print("exported \(count) results to \(output)")
        } else {
          print(
            try results.exportCSV(
              space: space.rawValue, dataset: dataset, configHash: protocolHash),
            terminator: "")
        }
      }
    }
  }
}

import CairnCore
import CairnSpaces
import Foundation
import Testing

@testable import CairnBenchmarks

@Suite("Results store")
struct ResultsStoreTests {
  static let cellA =
    "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|"
  static let cellB =
    "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|"

  private func result(
    _ architecture: String = cellA, seed: Int, accuracy: Double, config: String = "cfg1",
    dataset: String = "cifar10"
  ) -> StoredResult {
    StoredResult(
      space: "nb201", architecture: architecture, dataset: dataset, configHash: config, seed: seed,
      testAccuracy: accuracy, epochs: 12, createdAt: Date(timeIntervalSince1970: 1_700_000_000.25),
      runDirectory: "runs/\(seed)")
  }

  @Test func roundTrip() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let path = directory.url.appendingPathComponent("results.sqlite").path
    let stored = result(seed: 3, accuracy: 91.25)
    do {
      let store = try ResultsStore(path: path)
      try store.record(stored)
      var noEpochs = result(Self.cellB, seed: 1, accuracy: 80)
      noEpochs.epochs = nil
      noEpochs.runDirectory = nil
      try store.record(noEpochs)
    }
    let reopened = try ResultsStore(path: path)
    #expect(try reopened.count() == 2)
    #expect(
      try reopened.results(space: "nb201", dataset: "cifar10", architecture: Self.cellA) == [stored]
    )
    let other = try reopened.results(space: "nb201", dataset: "cifar10", architecture: Self.cellB)
    #expect(other.first?.epochs == nil)
    #expect(other.first?.runDirectory == nil)
    #expect(try reopened.results(space: "nb201", dataset: "cifar100").isEmpty)
  }

  @Test func summaryMeanAndSampleStandardDeviation() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let store = try ResultsStore(path: directory.url.appendingPathComponent("r.sqlite").path)
    try store.record(contentsOf: [
      result(seed: 0, accuracy: 90), result(seed: 1, accuracy: 92), result(seed: 2, accuracy: 94),
      result(Self.cellB, seed: 0, accuracy: 85),
      result(seed: 0, accuracy: 10, config: "cfg2"),  // another configuration: never mixed in
    ])
    let summary = try store.summary(space: "nb201", dataset: "cifar10", configHash: "cfg1")
    #expect(summary.count == 2)
    let a = try #require(summary.first { $0.architecture == Self.cellA })
    #expect(a.count == 3)
    #expect(a.mean == 92)
    #expect(a.standardDeviation == 2)  // sqrt(((−2)² + 0² + 2²) / 2)
    #expect(a.seeds == [0, 1, 2])
    let b = try #require(summary.first { $0.architecture == Self.cellB })
    #expect(b.count == 1 && b.mean == 85 && b.standardDeviation == nil)

    let table = try store.table(space: "nb201", dataset: "cifar10", configHash: "cfg1")
    #expect(table.metricNames == ["cifar10_standalone_acc", "cifar10_standalone_seeds"])
    #expect(try table.value(metric: "cifar10_standalone_acc", index: 13_714) == 92)
    #expect(try table.value(metric: "cifar10_standalone_acc", for: Self.cellB) == 85)
    #expect(try table.value(metric: "cifar10_standalone_seeds", index: 0) == 1)
    #expect(try table.top(k: 1, metric: "cifar10_standalone_acc").first?.entry.index == 13_714)
    #expect(throws: CairnError.self) { try table.values(metric: "cifar10_test_acc_200ep") }
  }

  @Test func otherSpacesAreKeyedByTheirText() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let store = try ResultsStore(path: directory.url.appendingPathComponent("r.sqlite").path)
    let cell = try NB101Architecture(
      matrix: [[0, 1, 1], [0, 0, 1], [0, 0, 0]], ops: [.input, .conv3x3, .output])
    for seed in 0..<2 {
      try store.record(
        StoredResult(
          space: "nb101", architecture: cell.description, dataset: "cifar10", configHash: "c",
          seed: seed, testAccuracy: 80 + Double(seed), epochs: 4))
      try store.record(
        StoredResult(
          space: "toy", architecture: "a-b-c", dataset: "mnist", configHash: "c", seed: seed,
          testAccuracy: 97, epochs: 1))
    }
    let nb101 = try store.table(space: "nb101", dataset: "cifar10", configHash: "c")
    #expect(try nb101.value(metric: "cifar10_standalone_acc", for: cell) == 80.5)
    #expect(try nb101.value(metric: "cifar10_standalone_seeds", for: cell.description) == 2)
    let toy = try store.table(space: "toy", dataset: "mnist", configHash: "c")
    #expect(try toy.value(metric: "mnist_standalone_acc", for: "a-b-c") == 97)
    #expect(throws: CairnError.self) { try toy.value(metric: "mnist_standalone_acc", index: 0) }
    #expect(throws: CairnError.self) {
      try store.record(
        StoredResult(
          space: "nb101", architecture: "not a cell", dataset: "cifar10", configHash: "c",
          seed: 9, testAccuracy: 50, epochs: 4))
    }
  }

  @Test func rejectsInvalidAndRepeatedResults() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let store = try ResultsStore(path: directory.url.appendingPathComponent("r.sqlite").path)
    try store.record(result(seed: 0, accuracy: 90))
    #expect(throws: CairnError.self) { try store.record(result(seed: 0, accuracy: 91)) }
    #expect(throws: CairnError.self) { try store.record(result(seed: 1, accuracy: 0.9 * 200)) }
    #expect(throws: CairnError.self) { try store.record(result("|bogus|", seed: 1, accuracy: 50)) }
    #expect(throws: CairnError.self) { try store.record(result(seed: -1, accuracy: 50)) }
    #expect(throws: CairnError.self) {
      try store.record(result(seed: 1, accuracy: 50, dataset: "CIFAR 10"))
    }
    // A batch with one repeated row writes nothing.
    #expect(throws: CairnError.self) {
      try store.record(contentsOf: [result(seed: 5, accuracy: 50), result(seed: 0, accuracy: 50)])
    }
    #expect(try store.count() == 1)
  }

  @Test func concurrentWritersLoseNothing() async throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let path = directory.url.appendingPathComponent("shared.sqlite").path
    // Each writer opens its own connection (its own store) to the same file, as separate processes would.
    let writers = (0..<2).map { writer in
      Task.detached { () throws -> Void in
        let store = try ResultsStore(path: path)
        for seed in 0..<200 {
          try store.record(
            StoredResult(
              space: "nb201", architecture: Self.cellA, dataset: "cifar10",
              configHash: "writer\(writer)", seed: seed, testAccuracy: Double(seed % 100),
              epochs: 1))
        }
      }
    }
    for writer in writers { try await writer.value }
    let store = try ResultsStore(path: path)
    #expect(try store.count() == 400)
    #expect(
      try store.summary(space: "nb201", dataset: "cifar10", configHash: "writer1").first?.count
        == 200)
  }

  @Test(.enabled(if: ResultsStoreTests.python3 != nil))
  func anotherProcessWritingAtTheSameTimeLosesNothing() async throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let path = directory.url.appendingPathComponent("shared.sqlite").path
    let store = try ResultsStore(path: path)
    // A second process inserting 200 rows, one transaction each, through Python's sqlite3 (WAL, 10 s timeout).
    let script = """
      import sqlite3, sys
      db = sqlite3.connect(sys.argv[1], timeout=10, isolation_level=None)
      for seed in range(200):
          db.execute("BEGIN IMMEDIATE")
          db.execute("INSERT INTO standalone_result (space, architecture, dataset, config_hash, seed, "
                     "test_accuracy, epochs, created_at) VALUES ('nb201', ?, 'cifar10', 'python', ?, 50, 1, "
                     "'2026-01-01 00:00:00.000')", (sys.argv[2], seed))
          db.execute("COMMIT")
      """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: ResultsStoreTests.python3!)
    process.arguments = ["-c", script, path, Self.cellA]
    try process.run()
    for seed in 0..<200 {
      try store.record(
        StoredResult(
          space: "nb201", architecture: Self.cellA, dataset: "cifar10", configHash: "swift",
          seed: seed, testAccuracy: 60, epochs: 1))
    }
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    #expect(try store.count() == 400)
  }

  static let python3: String? = ["/usr/bin/python3", "/usr/local/bin/python3"]
    .first { FileManager.default.isExecutableFile(atPath: $0) }

  @Test func csvImportIsAllOrNothing() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let store = try ResultsStore(path: directory.url.appendingPathComponent("r.sqlite").path)
    let header = "space,arch,dataset,config_hash,seed,accuracy,epochs"
    let good = try directory.write(
      [
        header, "nb201,\(Self.cellA),cifar10,cfg,0,91.5,12",
        "nb201,\(Self.cellA),cifar10,cfg,1,92.5,",
      ]
      .joined(separator: "\n"), to: "good.csv")
    #expect(try store.importCSV(url: good) == 2)
    #expect(try store.results(space: "nb201", dataset: "cifar10").map(\.epochs) == [12, nil])

    let badRows = [
      "nb201,\(Self.cellB),cifar10,cfg,0,150,12": "row 3: test accuracy 150.0 is outside 0...100",
      "nb201,\(Self.cellB),cifar10,cfg,zero,50,12": "row 3: seed 'zero' is not a whole number",
      "nb201,|none~0|,cifar10,cfg,0,50,12": "row 3: NB201 architecture '|none~0|'",
      "nb201,\(Self.cellB),cifar10,cfg,0,50": "row 3: expected 7 fields, found 6",
      "nb201,\(Self.cellA),cifar10,cfg,1,50,12": "row 3: already recorded",
    ]
    for (badRow, expected) in badRows {
      let url = try directory.write(
        [
          header, "nb201,\(Self.cellB),cifar10,cfg,7,88,12", badRow,
          "nb201,\(Self.cellB),cifar10,cfg,8,89,12",
        ]
        .joined(separator: "\n"), to: "bad.csv")
      let error = #expect(throws: CairnError.self) { try store.importCSV(url: url) }
      #expect(
        error?.description.hasPrefix(url.path + ": " + expected) == true,
        "\(String(describing: error))")
      #expect(try store.count() == 2)
    }
    let wrongHeader = try directory.write("space,arch,dataset,seed,accuracy\n", to: "header.csv")
    #expect(throws: CairnError.self) { try store.importCSV(url: wrongHeader) }
  }

  @Test func notADatabase() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let url = try directory.write(String(repeating: "not sqlite\n", count: 200), to: "text.sqlite")
    let error = #expect(throws: CairnError.self) { try ResultsStore(path: url.path) }
    #expect(error?.description.hasPrefix(url.path) == true)
  }
}

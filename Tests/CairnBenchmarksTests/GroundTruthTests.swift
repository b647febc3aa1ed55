import CairnBenchmarks
import CairnCore
import CairnSpaces
import Foundation
import Testing

@Suite("Ground truth")
struct GroundTruthTests {
  static let cellA =
    "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|"
  static let cellB =
    "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|"
  /// The NB101 cell of hash 00005c142e6f48ac74fdcf73e3439874 (row order of vertices as in the table).
  static var nb101Cell: NB101Architecture {
    get throws {
      try NB101Architecture(
        matrix: [
          [0, 1, 0, 0, 1, 1, 0], [0, 0, 1, 0, 0, 0, 0], [0, 0, 0, 1, 0, 0, 1],
          [0, 0, 0, 0, 0, 1, 0], [0, 0, 0, 0, 0, 1, 0], [0, 0, 0, 0, 0, 0, 1],
          [0, 0, 0, 0, 0, 0, 0],
        ],
        ops: [.input, .conv3x3, .maxPool3x3, .conv3x3, .conv3x3, .conv1x1, .output])
    }
  }

  /// The message of the `CairnError` that `body` throws, or nil when it throws none.
  private func message(_ body: () throws(CairnError) -> Void) -> String? {
    do {
      try body()
      return nil
    } catch {
      return error.description
    }
  }

  // MARK: Parsing

  @Test func parsesSpaceAndMetric() throws {
    let nb201 = try GroundTruth(parsing: "nb201:cifar10_test_acc_200ep")
    #expect(nb201.space == .nb201)
    #expect(nb201.metric == "cifar10_test_acc_200ep")
    #expect(nb201.description == "table nb201:cifar10_test_acc_200ep")
    #expect(nb201.table?.space == "nb201")
    let nb101 = try GroundTruth(parsing: "nb101:val_acc_108")
    #expect(nb101.space == .nb101)
    #expect(nb101.metric == "val_acc_108")
    #expect(nb101.description == "table nb101:val_acc_108")
  }

  @Test func missingColonOrUnknownSpaceListsTheValidForms() {
    for text in ["nb201", "cifar10_test_acc_200ep", ""] {
      let shown = message { () throws(CairnError) in _ = try GroundTruth(parsing: text) }
      #expect(
        shown?.contains("'\(text)' is not of the form space:metric") == true, "\(shown ?? "")")
      #expect(shown?.contains("nb201:<metric> or nb101:<metric>") == true, "\(shown ?? "")")
    }
    let unknown = message { () throws(CairnError) in _ = try GroundTruth(parsing: "nb301:acc") }
    #expect(unknown?.contains("unknown space 'nb301'") == true, "\(unknown ?? "")")
    #expect(unknown?.contains("did you mean 'nb201'?") == true, "\(unknown ?? "")")
    #expect(unknown?.contains("nb201:cifar10_test_acc_200ep, nb101:val_acc_108") == true)
  }

  @Test func emptyPartsAreNamed() {
    let noSpace = message { () throws(CairnError) in
      _ = try GroundTruth(parsing: ":cifar10_test_acc_200ep")
    }
    #expect(noSpace?.contains("names no space") == true, "\(noSpace ?? "")")
    #expect(noSpace?.contains("nb201:<metric>") == true)
    let noMetric = message { () throws(CairnError) in _ = try GroundTruth(parsing: "nb101:") }
    #expect(noMetric?.contains("'nb101:' names no metric") == true, "\(noMetric ?? "")")
    #expect(noMetric?.contains("val_acc_108, val_acc_36") == true, "\(noMetric ?? "")")
    let neither = message { () throws(CairnError) in _ = try GroundTruth(parsing: ":") }
    #expect(neither?.contains("names no space") == true, "\(neither ?? "")")
  }

  @Test func unknownMetricSuggestsTheNearest() {
    let shown = message { () throws(CairnError) in
      _ = try GroundTruth(parsing: "nb201:cifar10_test_acc_200")
    }
    #expect(shown?.contains("unknown metric 'cifar10_test_acc_200'") == true, "\(shown ?? "")")
    #expect(shown?.contains("did you mean 'cifar10_test_acc_200ep'?") == true)
    // Everything after the first colon is the metric.
    #expect(throws: CairnError.self) { try GroundTruth(parsing: "nb101:val_acc_108:x") }
  }

  // MARK: Shipped tables

  @Test func nb201ValuesAreTheTables() throws {
    let truth = try GroundTruth(parsing: "nb201:cifar10_test_acc_200ep")
    let table = try BenchmarkTable.shippedNB201()
    let space = NB201Space()
    for index in [0, 1462, 6111, 15_624] {
      let architecture = try space.architecture(at: index)
      let expected = try table.value(metric: "cifar10_test_acc_200ep", index: index)
      #expect(try truth.value(for: architecture) == expected)
      #expect(try truth.value(forArchitecture: architecture.archString) == expected)
      #expect(truth.contains(architecture))
      #expect(truth.contains(architecture: architecture.archString))
    }
    #expect(
      try truth.value(forArchitecture: space.architecture(at: 0).archString) == 85.86333333333334)
    #expect(
      !truth.contains(architecture: "|nor_conv_5x5~0|+|none~0|none~1|+|none~0|none~1|none~2|"))
    let nb101Cell = try Self.nb101Cell
    #expect(!truth.contains(nb101Cell))
    let wrongSpace = message { () throws(CairnError) in _ = try truth.value(for: nb101Cell) }
    #expect(wrongSpace?.contains("ground truth of nb201") == true, "\(wrongSpace ?? "")")
    let badText = message { () throws(CairnError) in _ = try truth.value(forArchitecture: "nope") }
    #expect(badText?.contains("nope") == true, "\(badText ?? "")")
  }

  @Test func nb101ValuesAreTheTablesByModuleHash() throws {
    let truth = try GroundTruth(parsing: "nb101:val_acc_108")
    let table = try BenchmarkTable.shippedNB101()
    for row in [0, 1, 12_345, 30_000] {
      let entry = try table.entry(at: row)
      let expected = try table.value(metric: "val_acc_108", row: row)
      #expect(try truth.value(forArchitecture: entry.architecture) == expected)
      #expect(try truth.value(for: NB101Architecture(parsing: entry.architecture)) == expected)
    }
    let expected = 0.9304887652397156
    let cell = try Self.nb101Cell
    #expect(try truth.value(for: cell) == expected)
    // The same graph with its interior vertices listed in another topological order.
    let relabelled = try relabel(cell, order: [0, 4, 1, 2, 3, 5, 6])
    #expect(relabelled != cell)
    #expect(try truth.value(for: relabelled) == expected)
    #expect(try truth.value(forArchitecture: relabelled.description) == expected)
    // A smaller cell with an extra vertex fed by the input that reaches nothing: pruning removes it.
    func tableCell(_ row: Int) throws -> NB101Architecture {
      try NB101Architecture(parsing: table.entry(at: row).architecture)
    }
    let row = try #require(
      (0..<table.count).first {
        (try? tableCell($0).vertexCount) ?? 7 < NB101Architecture.maxVertexCount
      })
    let small = try tableCell(row)
    var matrix = small.padded(to: small.vertexCount + 1).matrix
    matrix[0][small.vertexCount - 1] = 1
    let unpruned = try NB101Architecture(
      matrix: matrix, ops: small.padded(to: small.vertexCount + 1).ops)
    #expect(try truth.value(for: unpruned) == table.value(metric: "val_acc_108", row: row))
    #expect(truth.contains(unpruned))
  }

  @Test func anArchitectureOutsideTheTableIsNamed() throws {
    let truth = try GroundTruth(parsing: "nb101:val_acc_108")
    var random = RandomStream(seed: 7, name: "ground truth test")
    let space = NB101Space()
    let outside = try #require(
      (0..<50).lazy.map { _ in space.sample(using: &random) }.first { !truth.contains($0) })
    let shown = message { () throws(CairnError) in _ = try truth.value(for: outside) }
    #expect(shown?.contains(outside.description) == true, "\(shown ?? "")")
    #expect(shown?.contains("table nb101:val_acc_108") == true, "\(shown ?? "")")
  }

  @Test func knownArchitecturesAndCount() throws {
    let nb201 = try GroundTruth(parsing: "nb201:cifar10_test_acc_200ep")
    let known = nb201.knownArchitectures
    #expect(nb201.count == 15_625)
    #expect(known.count == 15_625)
    #expect(known[6111] == (try NB201Space().architecture(at: 6111).archString))
    let nb101 = try GroundTruth(parsing: "nb101:val_acc_108")
    let table = try BenchmarkTable.shippedNB101()
    #expect(nb101.count == 30_001)
    let known101 = nb101.knownArchitectures
    #expect(known101.count == 30_001)
    #expect(known101[0] == (try table.entry(at: 0).architecture))
    #expect(known101[30_000] == (try table.entry(at: 30_000).architecture))
  }

  // MARK: Results store

  private func result(
    _ architecture: String, seed: Int, accuracy: Double, protocol hash: String = "p1",
    space: SpaceName = .nb201
  ) -> StoredResult {
    StoredResult(
      space: space.rawValue, architecture: architecture, dataset: "cifar10", configHash: hash,
      seed: seed, testAccuracy: accuracy, epochs: 12)
  }

  @Test func storeAveragesSeedsPerArchitecture() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let path = directory.url.appendingPathComponent("results.sqlite").path
    try ResultsStore(path: path).record(contentsOf: [
      result(Self.cellA, seed: 0, accuracy: 90), result(Self.cellA, seed: 1, accuracy: 92),
      result(Self.cellA, seed: 2, accuracy: 94), result(Self.cellB, seed: 0, accuracy: 85),
      result(Self.cellA, seed: 0, accuracy: 10, protocol: "p2"),
    ])
    let truth = try GroundTruth(store: path, space: .nb201, dataset: "cifar10", protocolHash: "p1")
    #expect(truth.space == .nb201)
    #expect(truth.metric == "cifar10_standalone_acc")
    #expect(truth.description == "results store \(path) (nb201, cifar10, protocol p1)")
    #expect(truth.table == nil)
    #expect(truth.count == 2)
    #expect(truth.knownArchitectures == [Self.cellA, Self.cellB].sorted())
    #expect(try truth.value(forArchitecture: Self.cellA) == 92)
    #expect(try truth.value(for: NB201Architecture(parsing: Self.cellB)) == 85)
    let unknown = try NB201Space().architecture(at: 6111)
    #expect(!truth.contains(unknown))
    let shown = message { () throws(CairnError) in _ = try truth.value(for: unknown) }
    #expect(shown?.contains(unknown.archString) == true, "\(shown ?? "")")
    #expect(shown?.contains("results store \(path)") == true, "\(shown ?? "")")

    let every = try GroundTruth(store: path, space: .nb201, dataset: "cifar10", protocolHash: nil)
    #expect(every.description == "results store \(path) (nb201, cifar10)")
    #expect(try every.value(forArchitecture: Self.cellA) == 71.5)
    let none = message { () throws(CairnError) in
      _ = try GroundTruth(store: path, space: .nb201, dataset: "cifar100", protocolHash: "p1")
    }
    #expect(none?.contains("no results of nb201, cifar100, protocol p1") == true, "\(none ?? "")")
  }

  @Test func storeKeysNB101ByModuleHash() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let path = directory.url.appendingPathComponent("results.sqlite").path
    let cell = try Self.nb101Cell
    let relabelled = try relabel(cell, order: [0, 4, 1, 2, 3, 5, 6])
    try ResultsStore(path: path).record(contentsOf: [
      result(cell.description, seed: 0, accuracy: 90, space: .nb101),
      result(relabelled.description, seed: 1, accuracy: 94, space: .nb101),
    ])
    let truth = try GroundTruth(store: path, space: .nb101, dataset: "cifar10", protocolHash: "p1")
    #expect(truth.count == 1)
    #expect(truth.knownArchitectures == [min(cell.description, relabelled.description)])
    #expect(try truth.value(for: cell) == 92)
    #expect(try truth.value(forArchitecture: relabelled.description) == 92)
    #expect(!truth.contains(try NB201Space().architecture(at: 0)))
  }

  /// DARTS ground truth comes only from a results store: a genotype with a node's two edges swapped is the same
  /// architecture (its seeds are averaged together), and `darts:metric` names the store as the source.
  @Test func storeKeysDARTSByIdentityAndNoTableExists() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let path = directory.url.appendingPathComponent("results.sqlite").path
    let edges = [
      "('sep_conv_3x3', 0), ('sep_conv_3x3', 1)", "('skip_connect', 0), ('sep_conv_5x5', 2)",
      "('max_pool_3x3', 1), ('dil_conv_3x3', 3)", "('avg_pool_3x3', 4), ('skip_connect', 0)",
    ]
    func genotype(_ normal: [String]) -> String {
      let cell = "[" + normal.joined(separator: ", ") + "]"
      return
        "Genotype(normal=\(cell), normal_concat=[2, 3, 4, 5], reduce=\(cell), reduce_concat=[2, 3, 4, 5])"
    }
    let original = genotype(edges)
    let swapped = genotype(
      ["('sep_conv_3x3', 1), ('sep_conv_3x3', 0)"] + edges.dropFirst())
    try ResultsStore(path: path).record(contentsOf: [
      result(original, seed: 0, accuracy: 90, space: .darts),
      result(swapped, seed: 1, accuracy: 94, space: .darts),
    ])
    let truth = try GroundTruth(store: path, space: .darts, dataset: "cifar10", protocolHash: "p1")
    #expect(truth.count == 1)
    #expect(try truth.value(forArchitecture: original) == 92)
    #expect(try truth.value(for: DARTSGenotype(parsing: swapped)) == 92)
    #expect(truth.contains(architecture: swapped))
    #expect(!truth.contains(architecture: "Genotype(normal=[])"))
    #expect(!truth.contains(try NB201Space().architecture(at: 0)))
    let noTable = message { () throws(CairnError) in _ = try GroundTruth(parsing: "darts:acc") }
    #expect(
      noTable?.contains("darts space has no shipped table") == true
        && noTable?.contains("darts:cifar10_standalone_acc@ca79c8ef96ebc5f0") == true,
      "\(noTable ?? "")")
    #expect(throws: CairnError.self) {
      try ResultsStore(path: path).record(
        result("Genotype(x)", seed: 2, accuracy: 1, space: .darts))
    }
  }

  @Test func storeRefusesAMissingFile() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let path = directory.url.appendingPathComponent("nowhere.sqlite").path
    let shown = message { () throws(CairnError) in
      _ = try GroundTruth(store: path, space: .nb201, dataset: "cifar10", protocolHash: nil)
    }
    #expect(shown?.hasPrefix("\(path): no results store here") == true, "\(shown ?? "")")
    #expect(!FileManager.default.fileExists(atPath: path))
  }

  /// `cell` with its vertices listed in `order` (new vertex i is old vertex `order[i]`).
  private func relabel(_ cell: NB101Architecture, order: [Int]) throws -> NB101Architecture {
    let matrix = cell.matrix
    return try NB101Architecture(
      matrix: order.map { from in order.map { to in matrix[from][to] } },
      ops: order.map { cell.ops[$0] })
  }
}

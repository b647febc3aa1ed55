import CairnCore
import CairnSpaces
import Foundation
import Testing

@testable import CairnBenchmarks

@Suite("Built benchmarks")
struct BuiltBenchmarkTests {
  static let cells = [
    "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|",
    "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|",
  ]

  /// A store with protocols abcdef0123456789 (two seeds of cell 0), abcdef9876543210 and 1234567890abcdef.
  func store(in directory: TemporaryDirectory) throws -> String {
    let path = directory.url.appendingPathComponent("results.sqlite").path
    let store = try ResultsStore(path: path)
    func row(_ cell: Int, _ hash: String, _ seed: Int, _ accuracy: Double) -> StoredResult {
      StoredResult(
        space: "nb201", architecture: Self.cells[cell], dataset: "cifar10", configHash: hash,
        seed: seed,
        testAccuracy: accuracy, epochs: 1)
    }
    try store.record(contentsOf: [
      row(0, "abcdef0123456789", 0, 80), row(0, "abcdef0123456789", 1, 90),
      row(1, "abcdef0123456789", 0, 50), row(0, "abcdef9876543210", 0, 10),
      row(1, "1234567890abcdef", 0, 20),
    ])
    return path
  }

  func message(_ body: () throws(CairnError) -> Void) -> String {
    do {
      try body()
      return ""
    } catch {
      return error.description
    }
  }

  @Test func aUniquePrefixNamesAProtocolOfTheStore() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let path = try store(in: directory)
    let truth = try GroundTruth(parsing: "nb201:cifar10_standalone_acc@abcdef01", store: path)
    #expect(truth.space == .nb201)
    #expect(truth.metric == "cifar10_standalone_acc")
    #expect(truth.count == 2)
    #expect(try truth.value(forArchitecture: Self.cells[0]) == 85)
    #expect(try truth.match(argument: Self.cells[1]).value == 50)
    #expect(truth.description.contains("@abcdef0123456789"))
    #expect(truth.description.contains(path))
    let whole = try GroundTruth(
      parsing: "nb201:cifar10_standalone_acc@1234567890abcdef", store: path)
    #expect(whole.knownArchitectures == [Self.cells[1]])
    // The landmarks' store form takes a prefix too.
    let landmarks = try GroundTruth(
      store: path, space: .nb201, dataset: "cifar10", protocolHash: "abcdef98")
    #expect(try landmarks.value(forArchitecture: Self.cells[0]) == 10)
  }

  @Test func unknownAmbiguousAndShortPrefixesListTheProtocolsPresent() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let path = try store(in: directory)
    let present =
      "protocols present: 1234567890abcdef (store \(path)), abcdef0123456789 (store \(path)), "
      + "abcdef9876543210 (store \(path))"
    let ambiguous = message { () throws(CairnError) in
      _ = try GroundTruth(parsing: "nb201:cifar10_standalone_acc@abcdef", store: path)
    }
    #expect(ambiguous.contains("'abcdef' of nb201 on cifar10 is ambiguous"), "\(ambiguous)")
    #expect(ambiguous.contains("abcdef0123456789, abcdef9876543210"), "\(ambiguous)")
    #expect(ambiguous.hasSuffix(present), "\(ambiguous)")
    let unknown = message { () throws(CairnError) in
      _ = try GroundTruth(parsing: "nb201:cifar10_standalone_acc@ffffff", store: path)
    }
    #expect(unknown.hasPrefix("no built benchmark of nb201 on cifar10 has protocol 'ffffff'"))
    #expect(unknown.hasSuffix(present), "\(unknown)")
    let short = message { () throws(CairnError) in
      _ = try GroundTruth(parsing: "nb201:cifar10_standalone_acc@abc", store: path)
    }
    #expect(short.contains("shorter than 6 characters"), "\(short)")
    let none = message { () throws(CairnError) in
      _ = try GroundTruth(parsing: "nb201:cifar100_standalone_acc@abcdef", store: path)
    }
    #expect(none.hasPrefix("no built benchmark of nb201 on cifar100"), "\(none)")
    let missingStore = message { () throws(CairnError) in
      _ = try GroundTruth(
        parsing: "nb201:cifar10_standalone_acc@abcdef", store: directory.url.path + "/none.sqlite")
    }
    #expect(missingStore.contains("none.sqlite holds none"), "\(missingStore)")
    #expect(!FileManager.default.fileExists(atPath: directory.url.path + "/none.sqlite"))
    for (text, expected) in [
      ("nb201:cifar10_acc@abcdef", "a built benchmark's metric is <dataset>_standalone_acc"),
      ("nb201:_standalone_acc@abcdef", "a built benchmark's metric is"),
      ("nb201:cifar10_standalone_acc@", "names no protocol after '@'"),
    ] {
      let shown = message { () throws(CairnError) in _ = try GroundTruth(parsing: text, store: path)
      }
      #expect(shown.contains(expected), "\(text): \(shown)")
      #expect(!shown.contains("\n"))
    }
  }

  @Test func aShippedCopyWinsOverTheStoreAndMustMatchItsName() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let path = try store(in: directory)
    let built = directory.url.appendingPathComponent("built")
    try FileManager.default.createDirectory(at: built, withIntermediateDirectories: true)
    let csv =
      "space,arch,dataset,config_hash,seed,accuracy,epochs\n"
      + "nb201,\(Self.cells[0]),cifar10,abcdef0123456789,0,42.5,1\n"
    try csv.write(
      to: built.appendingPathComponent("nb201.cifar10.abcdef0123456789.csv"), atomically: true,
      encoding: .utf8)
    try "notes".write(
      to: built.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
    let shipped = try BuiltBenchmark.shipped(in: built)
    #expect(shipped.map(\.protocolHash) == ["abcdef0123456789"])
    let stored = try BuiltBenchmark.available(space: .nb201, dataset: "cifar10", store: path)
    let chosen = try BuiltBenchmark.resolve(
      space: .nb201, dataset: "cifar10", protocolPrefix: "abcdef01", store: path,
      among: shipped + stored)
    #expect(chosen == shipped[0])
    let truth = try GroundTruth(built: chosen)
    #expect(try truth.value(forArchitecture: Self.cells[0]) == 42.5)
    #expect(truth.count == 1)
    #expect(truth.description.contains("shipped"))

    try csv.replacingOccurrences(of: ",cifar10,", with: ",cifar100,").write(
      to: built.appendingPathComponent("nb201.cifar10.abcdef0123456789.csv"), atomically: true,
      encoding: .utf8)
    let mismatch = message { () throws(CairnError) in _ = try GroundTruth(built: shipped[0]) }
    #expect(mismatch.contains("row 2: nb201, cifar100, protocol abcdef0123456789 does not match"))
    try "".write(
      to: built.appendingPathComponent("nb201-cifar10.csv"), atomically: true, encoding: .utf8)
    #expect(throws: CairnError.self) { try BuiltBenchmark.shipped(in: built) }
  }

  @Test func everyShippedBuiltBenchmarkLoadsAsGroundTruth() throws {
    for benchmark in try BuiltBenchmark.shipped() {
      let truth = try GroundTruth(built: benchmark)
      #expect(truth.count > 0, "\(benchmark)")
      let parsed = try GroundTruth(
        parsing: "\(benchmark.space):\(benchmark.dataset)_standalone_acc@\(benchmark.protocolHash)",
        store: "/nonexistent/results.sqlite")
      #expect(parsed.description == truth.description)
    }
  }

  /// The DARTS benchmark of examples/bench-darts-cifar10.yaml: 60 genotypes (12 of them with two seeds), each a
  /// valid genotype, each value the mean over its seeds.
  @Test func theShippedDARTSBenchmarkHoldsSixtyValidGenotypes() throws {
    let truth = try GroundTruth(
      parsing: "darts:cifar10_standalone_acc@ca79c8", store: "/nonexistent")
    #expect(truth.count == 60)
    let benchmark = try #require(try BuiltBenchmark.shipped().first { $0.space == .darts })
    let results = try benchmark.results()
    #expect(results.count == 72)
    #expect(Set(results.map(\.seed)) == [0, 1])
    for architecture in truth.knownArchitectures {
      let genotype = try DARTSGenotype(parsing: architecture)
      let seeds = results.filter { $0.architecture == architecture }.map(\.testAccuracy)
      let mean = seeds.reduce(0, +) / Double(seeds.count)
      #expect(abs(try truth.value(for: genotype) - mean) < 1e-9)
      #expect((10...100).contains(mean))
    }
  }

  /// The width benchmark of examples/bench-width-cifar10.yaml: 60 valid width architectures (12 with two seeds),
  /// each value the mean over its seeds.
  @Test func theShippedWidthBenchmarkHoldsTheSampledArchitectures() throws {
    let truth = try GroundTruth(
      parsing: "resnet20-width:cifar10_standalone_acc@809e2d3392fe", store: "/nonexistent")
    #expect(truth.count == 60)
    let benchmark = try #require(
      try BuiltBenchmark.shipped().first { $0.space == .resnet20Width })
    let results = try benchmark.results()
    #expect(results.count == 72)
    #expect(Set(results.map(\.seed)) == [0, 1])
    for architecture in truth.knownArchitectures {
      let parsed = try WidthArchitecture(parsing: architecture)
      #expect(WidthSpace().isValid(parsed))
      let seeds = results.filter { $0.architecture == architecture }.map(\.testAccuracy)
      let mean = seeds.reduce(0, +) / Double(seeds.count)
      #expect(abs(try truth.value(for: parsed) - mean) < 1e-9)
      #expect((10...100).contains(mean))
    }
  }
}

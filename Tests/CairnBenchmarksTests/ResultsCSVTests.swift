import CairnCore
import Foundation
import Testing

@testable import CairnBenchmarks

@Suite("Results CSV")
struct ResultsCSVTests {
  static let cell =
    "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|"
  /// Text with commas, single and double quotes, as a genotype-like architecture of a space without a parser.
  static let genotype =
    "Genotype(normal=[('sep_conv_3x3', 0), ('skip_connect', 1)], normal_concat=[2, 3, 4, 5], tag=\"x\")"

  func results() -> [StoredResult] {
    [
      StoredResult(
        space: "nb201", architecture: Self.cell, dataset: "cifar10", configHash: "p2", seed: 0,
        testAccuracy: 100.0 / 3, epochs: 200),
      StoredResult(
        space: "nb201", architecture: Self.cell, dataset: "cifar10", configHash: "p1", seed: 1,
        testAccuracy: 0.1 + 0.2, epochs: nil),
      StoredResult(
        space: "other", architecture: Self.genotype, dataset: "cifar10", configHash: "p1", seed: 3,
        testAccuracy: 1e-7, epochs: 1),
      StoredResult(
        space: "other", architecture: "plain", dataset: "cifar10", configHash: "p1", seed: 0,
        testAccuracy: 97.125, epochs: 600),
    ]
  }

  @Test func exportImportExportIsByteIdentical() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let first = try ResultsStore(path: directory.url.appendingPathComponent("a.sqlite").path)
    try first.record(contentsOf: results())
    for space in ["nb201", "other"] {
      let csv = directory.url.appendingPathComponent("\(space).csv")
      try first.exportCSV(space: space, dataset: "cifar10", to: csv)
      let second = try ResultsStore(
        path: directory.url.appendingPathComponent("\(space).sqlite").path)
      #expect(try second.importCSV(url: csv) == 2)
      let again = try second.exportCSV(space: space, dataset: "cifar10")
      #expect(again == (try String(contentsOf: csv, encoding: .utf8)))
      #expect(
        try second.results(space: space, dataset: "cifar10").map(\.testAccuracy)
          == first.results(space: space, dataset: "cifar10").map(\.testAccuracy))
    }
    let other = try first.exportCSV(space: "other", dataset: "cifar10")
    #expect(other.contains(#""Genotype(normal=[('sep_conv_3x3', 0), "#))
    #expect(other.contains(#"tag=""x"")""#))
    #expect(
      try first.exportCSV(space: "nb201", dataset: "cifar10", configHash: "p1").split(
        separator: "\n"
      ).count == 2)
    #expect(
      try first.exportCSV(space: "nb201", dataset: "cifar100") == ResultsCSV.columns.joined(
        separator: ",") + "\n")
    #expect(try first.protocols(space: "nb201", dataset: "cifar10").map(\.hash) == ["p1", "p2"])
  }

  @Test func quotedFieldsReadAsRFC4180() {
    #expect(ResultsCSV.fields(of: #"a,"b,c","d""e",,"""#) == ["a", "b,c", #"d"e"#, "", ""])
    #expect(ResultsCSV.fields(of: "a,b") == ["a", "b"])
    for malformed in [#""open"#, #""a"b"#, #"a"b"#, #""a" ,b"#] {
      #expect(ResultsCSV.fields(of: Substring(malformed)) == nil, "\(malformed)")
    }
  }

  @Test func aMalformedQuoteNamesTheRow() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let store = try ResultsStore(path: directory.url.appendingPathComponent("r.sqlite").path)
    let url = try directory.write(
      "space,arch,dataset,config_hash,seed,accuracy\nnb201,\(Self.cell),cifar10,p,0,50\nx,\"open,cifar10,p,0,50\n",
      to: "bad.csv")
    let error = #expect(throws: CairnError.self) { try store.importCSV(url: url) }
    #expect(error?.description.hasPrefix("\(url.path): row 3: a quoted field") == true)
    #expect(try store.count() == 0)
  }
}

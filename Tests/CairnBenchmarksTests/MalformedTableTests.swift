import CairnCore
import Foundation
import Testing

@testable import CairnBenchmarks

@Suite("Malformed benchmark tables")
struct MalformedTableTests {
  static let nb201Header = "index,arch_str,cifar10_test_acc_200ep,params_cifar10"
  static let row0 =
    "0,|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|,85.86333333333334,129306"
  static let row1 =
    "1,|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|,93.66000000000001,802426"
  static let nb101Header = "hash,num_vertices,adjacency,ops,val_acc_108,params"
  static let nb101Row =
    "00005c142e6f48ac74fdcf73e3439874,7,0100110001000000010010000010000001000000010000000,input|conv3x3-bn-relu|maxpool3x3|conv3x3-bn-relu|conv3x3-bn-relu|conv1x1-bn-relu|output,0.9304887652397156,8555530"

  /// Loads `lines` as an NB201 (or NB101) table and returns the error's one-line description.
  private func failure(nb101: Bool = false, _ lines: [String]) throws -> String {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let url = try directory.write(lines.joined(separator: "\n") + "\n", to: "table.csv")
    do {
      _ = nb101 ? try BenchmarkTable.nb101(url: url) : try BenchmarkTable.nb201(url: url)
    } catch {
      guard case .invalidFile(let path, _) = error else {
        Issue.record("expected invalidFile, got \(error)")
        return error.description
      }
      #expect(path == url.path)
      #expect(!error.description.contains("\n"))
      return error.description
    }
    Issue.record("the table loaded")
    return ""
  }

  @Test func wellFormedSubsetLoadsInIndexOrder() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let url = try directory.write(
      [Self.nb201Header, Self.row1, Self.row0].joined(separator: "\r\n"), to: "ok.csv")
    let table = try BenchmarkTable.nb201(url: url)
    #expect(table.count == 2)
    #expect(table.metricNames == ["cifar10_test_acc_200ep", "params_cifar10"])
    #expect(
      try table.values(metric: "cifar10_test_acc_200ep") == [85.86333333333334, 93.66000000000001])
    #expect(try table.value(metric: "params_cifar10", index: 1) == 802_426)
    #expect(throws: CairnError.self) { try table.value(metric: "params_cifar10", index: 2) }
    #expect(throws: CairnError.self) {
      try table.value(metric: "cifar100_test_acc_200ep", index: 0)
    }
  }

  @Test func gzipIsDetectedByMagic() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let text = [Self.nb201Header, Self.row0].joined(separator: "\n")
    let url = directory.url.appendingPathComponent("table.csv")  // no .gz suffix on purpose
    try Gzip.compress(Data(text.utf8)).write(to: url)
    #expect(try BenchmarkTable.nb201(url: url).value(metric: "params_cifar10", index: 0) == 129_306)
  }

  @Test func wrongFieldCount() throws {
    let message = try failure([
      Self.nb201Header, Self.row0, "1,|none~0|+|none~0|none~1|+|none~0|none~1|none~2|,10",
    ])
    #expect(message.contains("table.csv: row 3: expected 4 fields, found 3"))
  }

  @Test func notANumber() throws {
    let message = try failure([
      Self.nb201Header, Self.row0.replacingOccurrences(of: "85.86333333333334", with: "NaN"),
    ])
    #expect(message.contains("row 2: cifar10_test_acc_200ep is NaN"))
    let text = try failure([
      Self.nb201Header, Self.row0.replacingOccurrences(of: "129306", with: "12x"),
    ])
    #expect(text.contains("row 2: params_cifar10 is '12x', not a number"))
  }

  @Test func outOfRange() throws {
    let percent = try failure([
      Self.nb201Header, Self.row0,
      Self.row1.replacingOccurrences(of: "93.66000000000001", with: "100.5"),
    ])
    #expect(percent.contains("row 3: cifar10_test_acc_200ep is 100.5, outside 0...100 (percent)"))
    let fraction = try failure(
      nb101: true,
      [
        Self.nb101Header,
        Self.nb101Row.replacingOccurrences(of: "0.9304887652397156", with: "93.04"),
      ])
    #expect(fraction.contains("row 2: val_acc_108 is 93.04, outside 0...1 (fraction)"))
    let count = try failure([
      Self.nb201Header, Self.row0.replacingOccurrences(of: "129306", with: "-5"),
    ])
    #expect(count.contains("row 2: params_cifar10 is -5.0, outside >= 0 (count)"))
  }

  @Test func duplicateArchitecture() throws {
    let nb201 = try failure([Self.nb201Header, Self.row0, Self.row1, Self.row0])
    #expect(nb201.contains("row 4: duplicate architecture"))
    #expect(nb201.contains("first in row 2"))
    let nb101 = try failure(nb101: true, [Self.nb101Header, Self.nb101Row, Self.nb101Row])
    #expect(
      nb101.contains(
        "row 3: duplicate architecture hash 00005c142e6f48ac74fdcf73e3439874, first in row 2"))
  }

  @Test func badArchitecture() throws {
    let unknownOp = try failure([
      Self.nb201Header,
      Self.row0.replacingOccurrences(of: "avg_pool_3x3~0", with: "max_pool_3x3~0"),
    ])
    #expect(unknownOp.contains("row 2: arch_str: unknown op 'max_pool_3x3'"))
    let wrongIndex = try failure([
      Self.nb201Header, Self.row0.replacingOccurrences(of: "0,|avg", with: "7,|avg"),
    ])
    #expect(wrongIndex.contains("row 2: index 7 does not match arch_str"))
    let badGraph = try failure(
      nb101: true,
      [
        Self.nb101Header,
        Self.nb101Row.replacingOccurrences(of: ",0100110001", with: ",1100110001"),
      ])
    #expect(badGraph.contains("row 2: adjacency"))
    #expect(badGraph.contains("on or below the diagonal"))
    let badHash = try failure(nb101: true, [Self.nb101Header, "XYZ" + Self.nb101Row.dropFirst(3)])
    #expect(badHash.contains("row 2: hash 'XYZ"))
  }

  @Test func badHeaders() throws {
    let unknown = try failure(["index,arch_str,cifar10_test_acc_200", Self.row0])
    #expect(unknown.contains("row 1: unknown column 'cifar10_test_acc_200'"))
    #expect(unknown.contains("did you mean 'cifar10_test_acc_200ep'?"))
    let missing = try failure(["index,cifar10_test_acc_200ep", "0,1"])
    #expect(missing.contains("row 1: missing column 'arch_str'"))
    let empty = try failure([])
    #expect(empty.contains("empty file"))
    let quoted = try failure([Self.nb201Header, "\"0\"" + Self.row0.dropFirst()])
    #expect(quoted.contains("row 2: quoted fields are not supported"))
  }

  @Test func unreadableFile() {
    #expect(throws: CairnError.self) {
      try BenchmarkTable.nb201(url: URL(fileURLWithPath: "/nonexistent/cairn/table.csv"))
    }
  }
}

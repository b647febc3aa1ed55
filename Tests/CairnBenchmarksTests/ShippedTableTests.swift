import CairnCore
import CairnSpaces
import Foundation
import Testing

@testable import CairnBenchmarks

@Suite("Shipped benchmark tables")
struct ShippedTableTests {
  @Test func nb201LoadsEveryCellInIndexOrder() throws {
    let table = try BenchmarkTable.shippedNB201()
    #expect(table.space == "nb201")
    #expect(table.count == 15_625)
    #expect(table.metricNames == BenchmarkMetric.nb201.map(\.name))
    for index in [0, 1, 6111, 15_624] {
      #expect(try table.row(forIndex: index) == index)
      #expect(try table.entry(at: index).index == index)
    }
  }

  @Test func nb201KnownValues() throws {
    let table = try BenchmarkTable.shippedNB201()
    #expect(try table.value(metric: "cifar10_test_acc_200ep", index: 0) == 85.86333333333334)
    #expect(try table.value(metric: "params_cifar10", index: 0) == 129_306)
    #expect(try table.value(metric: "flops_cifar10", index: 0) == 15_647_370)

    let validation = try table.top(k: 1, metric: "cifar10valid_val_acc_12ep")
    #expect(validation.first?.entry.index == 13_714)
    #expect(validation.first?.value == 84.89199999023438)

    let test12 = try table.top(k: 3, metric: "cifar10_test_acc_12ep")
    #expect(test12.first?.entry.index == 5374)
    #expect(test12.first?.value == 89.16)
    #expect(test12.map(\.value) == test12.map(\.value).sorted(by: >))

    let test200 = try table.top(k: 1, metric: "cifar10_test_acc_200ep")
    #expect(test200.first?.entry.index == 6111)
  }

  @Test func nb201QueryByStringEqualsQueryByIndex() throws {
    let table = try BenchmarkTable.shippedNB201()
    let space = NB201Space()
    for index in [0, 1, 1462, 13_714, 15_624] {
      let architecture = try space.architecture(at: index)
      let text = architecture.archString
      #expect(try table.entry(at: index).architecture == text)
      for metric in table.metricNames {
        let byIndex = try table.value(metric: metric, index: index)
        #expect(try table.value(metric: metric, for: text) == byIndex)
        #expect(try table.value(metric: metric, for: architecture) == byIndex)
        #expect(try table.values(metric: metric)[index] == byIndex)
      }
    }
  }

  @Test func nb201TopBreaksTiesByIndex() throws {
    let table = try BenchmarkTable.shippedNB201()
    // The 341 cells without an input-to-output path all score 10 % on CIFAR-10; the worst come in index order.
    let all = try table.top(k: table.count, metric: "cifar10_test_acc_200ep")
    let worst = all.suffix(while: { $0.value == all.last!.value })
    let indices = worst.map { $0.entry.index! }
    #expect(indices.count > 1)
    #expect(indices == indices.sorted())
  }

  @Test func unknownMetricSuggestsTheNearest() throws {
    let table = try BenchmarkTable.shippedNB201()
    let error = #expect(throws: CairnError.self) {
      try table.value(metric: "cifar10_test_acc_200", index: 0)
    }
    guard case .invalidInput(let message) = error else {
      Issue.record("expected invalidInput, got \(String(describing: error))")
      return
    }
    #expect(message.contains("'cifar10_test_acc_200'"))
    #expect(message.contains("did you mean 'cifar10_test_acc_200ep'?"))
    #expect(message.contains("flops_imagenet16_120"))
    #expect(!message.contains("\n"))

    let nb101 = try BenchmarkTable.shippedNB101()
    #expect(throws: CairnError.self) { try nb101.values(metric: "val_acc") }
  }

  @Test func shippedNB201MatchesTheRepositoryCSV() throws {
    let repositoryCSV = URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Data/nasbench201/nb201_table.csv")
    try #require(FileManager.default.fileExists(atPath: repositoryCSV.path))
    let shipped = try ShippedTables.url(directory: "nasbench201", file: "nb201_table.csv")
    let shippedBytes = try Data(contentsOf: shipped)
    #expect(shippedBytes == (try Data(contentsOf: repositoryCSV)))
  }

  @Test func metricsSayWhatTheyMeasure() throws {
    let nb201 = try BenchmarkTable.shippedNB201()
    #expect(try nb201.metric(named: "cifar10valid_val_acc_12ep").unit == .percent)
    #expect(try nb201.metric(named: "flops_cifar10").unit == .count)
    let nb101 = try BenchmarkTable.shippedNB101()
    let metric = try nb101.metric(named: "val_acc_108")
    #expect(metric.unit == .fraction)
    #expect(metric.meaning.contains("108 epochs"))
    #expect(metric.meaning.contains("one run"))
  }

  @Test func nb101SubsetLoads() throws {
    let table = try BenchmarkTable.shippedNB101()
    #expect(table.space == "nb101")
    #expect(table.count == 30_001)
    #expect(table.metricNames == BenchmarkMetric.nb101.map(\.name))
    let hash = "00005c142e6f48ac74fdcf73e3439874"
    #expect(try table.value(metric: "val_acc_108", hash: hash) == 0.9304887652397156)
    #expect(try table.value(metric: "val_acc_4", hash: hash) == 0.3604767620563507)
    #expect(try table.value(metric: "params", hash: hash) == 8_555_530)
    #expect(try table.value(metric: "train_time_108_s", hash: hash) == 1768.9759521484375)
    let best = try table.top(k: 1, metric: "val_acc_108")
    #expect(best.first?.entry.hash == "096f593e0f12d65f6220bf8565b764a9")
  }

  @Test func nb101QueryByCellFindsItsHash() throws {
    let table = try BenchmarkTable.shippedNB101()
    let cell = try NB101Architecture(
      matrix: [
        [0, 1, 0, 0, 1, 1, 0], [0, 0, 1, 0, 0, 0, 0], [0, 0, 0, 1, 0, 0, 1],
        [0, 0, 0, 0, 0, 1, 0], [0, 0, 0, 0, 0, 1, 0], [0, 0, 0, 0, 0, 0, 1],
        [0, 0, 0, 0, 0, 0, 0],
      ],
      ops: [.input, .conv3x3, .maxPool3x3, .conv3x3, .conv3x3, .conv1x1, .output])
    let row = try table.row(forHash: "00005c142e6f48ac74fdcf73e3439874")
    #expect(try table.row(for: cell) == row)
    #expect(try table.row(forArchitecture: cell.description) == row)
    #expect(try table.entry(at: row).architecture == cell.description)
    // A sample of rows: the stored cell's module hash is the stored hash.
    for row in stride(from: 0, to: table.count, by: 1500) {
      let entry = try table.entry(at: row)
      #expect(try NB101Architecture(parsing: entry.architecture).moduleHash == entry.hash)
    }
  }

  @Test func keysOfTheOtherSpaceAreRejected() throws {
    let nb201 = try BenchmarkTable.shippedNB201()
    let nb101 = try BenchmarkTable.shippedNB101()
    #expect(throws: CairnError.self) { try nb201.row(forHash: "00005c142e6f48ac74fdcf73e3439874") }
    #expect(throws: CairnError.self) { try nb101.row(forIndex: 0) }
    #expect(throws: CairnError.self) { try nb201.row(forIndex: 15_625) }
    #expect(throws: CairnError.self) { try nb101.row(forHash: String(repeating: "0", count: 32)) }
  }
}

extension BidirectionalCollection {
  /// The longest suffix whose elements all satisfy `predicate`.
  fileprivate func suffix(while predicate: (Element) -> Bool) -> SubSequence {
    var start = endIndex
    while start > startIndex, predicate(self[index(before: start)]) { start = index(before: start) }
    return self[start...]
  }
}

import CairnCore
import CairnSpaces
import CairnTraining
import Foundation
import Testing

@testable import CairnSearch

/// Searches in NB101 through the same run, cache and trace as NB201.
@Suite struct NB101SearchRunTests {
  func configuration(_ method: SearchMethod) -> SearchConfiguration {
    var c = SearchConfiguration()
    c.scorer = .oracle
    c.space = .nb101
    c.truth = "nb101:val_acc_108"
    c.method = method
    c.budget = 60
    c.population = 10
    c.tournament = 3
    c.seed = 2
    return c
  }

  @Test(arguments: [SearchMethod.random, .evolution])
  func oracleSearchesStayAmongTabulatedCells(_ method: SearchMethod) throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "cairn-nb101-search-\(UUID())")
    let result = try SearchRun(configuration: configuration(method), directory: directory.path)
      .run()
    #expect(result.evaluations == 60)
    #expect(
      result.distinctArchitectures > (method == .random ? 30 : 15),
      "a subset is sampled uniformly, not by random_spec")
    #expect(result.groundTruth == result.score)
    #expect(result.index != nil)
    let trace = try String(
      contentsOf: directory.appendingPathComponent("trace.csv"), encoding: .utf8)
    // Every evaluated cell has ground truth: no empty best_truth column.
    #expect(!trace.split(separator: "\n").dropFirst().contains { $0.hasSuffix(",") })
    #expect(try NB101Architecture(parsing: result.architecture).moduleHash != nil)
  }
}

/// Every key of the search configuration, with a value that must be refused naming the key.
@Suite struct SearchConfigurationKeyTests {
  static let badValues: [String: String] = [
    "name": "''", "method": "annealing", "scorer": "people", "space": "nb301",
    "supernet_run": "[1]", "truth": "{a: 1}", "budget": "0", "population": "1",
    "tournament": "0", "seed": "-1", "score_cache": "[1]", "nao.seed_pool": "0",
    "nao.iterations": "-1", "nao.proposals_per_iteration": "0", "nao.top_seeds": "0",
    "nao.controller_epochs": "0", "nao.maximum_step": "0",
  ]

  @Test func everyKeyIsCoveredAndEveryBadValueNamesItsKey() throws {
    let keys = try ConfigurationFile.keyTree(of: SearchConfiguration.keySchema).flatMap {
      key, value in
      (value as? [String: Any]).map { $0.keys.map { "\(key).\($0)" } } ?? [key]
    }
    #expect(Set(keys) == Set(Self.badValues.keys))
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "cairn-search-\(UUID()).yaml")
    defer { try? FileManager.default.removeItem(at: url) }
    for (key, value) in Self.badValues {
      let parts = key.split(separator: ".")
      let yaml =
        "scorer: oracle\ntruth: nb201:cifar10_test_acc_200ep\n"
        + (parts.count == 2 ? "\(parts[0]):\n  \(parts[1]): \(value)\n" : "\(key): \(value)\n")
      try yaml.replacingOccurrences(
        of: "scorer: oracle\n", with: key == "scorer" ? "" : "scorer: oracle\n"
      )
      .write(to: url, atomically: true, encoding: .utf8)
      do {
        _ = try SearchConfiguration.load(from: url)
        Issue.record("\(key): \(value) was accepted")
      } catch {
        #expect(
          error.description.contains(String(parts.last ?? "")), "\(key): \(error.description)")
        #expect(error.isBadInput)
      }
    }
  }
}

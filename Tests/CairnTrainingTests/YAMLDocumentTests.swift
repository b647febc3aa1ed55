import CairnCore
import Foundation
import Testing

@testable import CairnTraining

/// YAML that Yams would trap on (a key that is not plain text) or walk for hours (aliases of aliases) is refused
/// by name; ordinary aliases still load.
@Suite struct YAMLDocumentTests {
  func problem(_ yaml: String) -> String? {
    do {
      _ = try ConfigurationFile.mapping(yaml, path: "plan.yaml")
      return nil
    } catch {
      guard case .invalidFile(let path, let problem) = error, path == "plan.yaml" else {
        return "wrong error: \(error)"
      }
      return problem
    }
  }

  @Test(arguments: [
    "? {a: 1}\n: 2\n", "? [x, y]\n: 2\n", "top:\n  ? [1]\n  : 2\n",
    // the input the benchmark-plan fuzz target found (a trap in Yams' mapping constructor)
    "# The DARTS benchmark\n? A killht_decay: 0.0003\naugmentation: croparts\n",
  ])
  func keysThatAreNotTextAreRefused(_ yaml: String) {
    #expect(problem(yaml)?.hasPrefix("a mapping key must be plain text") == true, "\(yaml)")
  }

  @Test func aliasesThatExpandWithoutBoundAreRefused() {
    var yaml = "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n"
    for level in 1...9 {
      let references = Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ")
      yaml += "l\(level): &l\(level) [\(references)]\n"
    }
    #expect(problem(yaml)?.hasPrefix("expands to more than 1000000 YAML nodes") == true)
  }

  @Test func ordinaryAliasesLoad() throws {
    let map = try ConfigurationFile.mapping(
      "base: &b {epochs: 3}\nrun: *b\n", path: "plan.yaml")
    #expect((map["run"] as? [String: Any])?["epochs"] as? Int == 3)
  }
}

import CairnRanking
import CairnSpaces
import CairnTraining
import Foundation
import Testing

@testable import CairnExperiment
@testable import CairnSupernet

@Suite struct DerivedTableTests {
  /// One GDAS cell of arm `gdas` whose configuration names `truth` and whose derived architecture is `text`.
  func cell(truth: String?, derived text: String) throws -> ExperimentCellResult {
    var configuration = SupernetConfiguration()
    configuration.truth = truth
    let report = try RankingReport(
      scores: [1, 2, 3], truth: [1, 3, 2], options: .init(topK: 2, bootstrap: nil))
    return ExperimentCellResult(
      cell: ExperimentCell(
        arm: "gdas", seed: 4, configuration: configuration, directory: RunDirectory("unused")),
      result: SupernetEvaluationResult(
        epoch: 1, report: report, scores: [], truth: [], derivedArchitecture: text),
      events: [])
  }

  @Test func derivedArchitecturesShowTheirGroundTruth() throws {
    let plan = try ExperimentPlan.parse(
      "name: g\nseeds: [4]\nbase: {truth: 'nb201:cifar10_test_acc_200ep'}\narms: {gdas: {}}\n",
      path: "plan.yaml")
    let text = try NB201Space().architecture(at: 0).archString
    let cells = [
      try cell(truth: "nb201:cifar10_test_acc_200ep", derived: text),
      try cell(truth: nil, derived: text),
      try cell(truth: "nb201:cifar10_test_acc_200ep", derived: "not an architecture"),
    ]
    let table = try ExperimentSummary(plan: plan, results: cells).derivedTable(cells)
    #expect(table.rows.map { $0[3] } == ["85.86", "", ""])
    #expect(table.rows[0] == ["gdas", "4", text, "85.86", "", "", ""])
  }

  /// A result that carries its derived cell's truth, census and training time shows them as they are.
  @Test func keptTruthCensusAndTimeAreShown() throws {
    let plan = try ExperimentPlan.parse(
      "name: g\nseeds: [4]\nbase: {truth: 'nb201:cifar10_test_acc_200ep'}\narms: {gdas: {}}\n",
      path: "plan.yaml")
    var result = try cell(truth: nil, derived: "cell")
    result.result.derivedTruth = 54.3
    result.result.derivedCensus = OperationCensus(
      skipConnections: 4, parameterFree: 5, operations: 6)
    result.result.seconds = 123.4
    let table = try ExperimentSummary(plan: plan, results: [result]).derivedTable([result])
    #expect(table.rows[0] == ["gdas", "4", "cell", "54.30", "4", "5/6", "123"])
  }
}

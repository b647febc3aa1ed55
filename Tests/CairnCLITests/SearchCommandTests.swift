import Foundation
import Testing

@Suite struct SearchCommandTests {
  @Test func oracleEvolutionAndBadInput() throws {
    let directory = try temporaryDirectory()
    let config = directory.appendingPathComponent("search.yaml")
    try """
    scorer: oracle
    truth: nb201:cifar10_test_acc_200ep
    budget: 100
    population: 20
    tournament: 5
    """.write(to: config, atomically: true, encoding: .utf8)
    let run = directory.appendingPathComponent("run").path
    let result = try cairn(["search", "--method", "evolution", config.path, "--run-dir", run])
    #expect(result.status == 0, "\(result.error)")
    #expect(result.output.contains("best architecture: |"))
    #expect(result.output.contains("ground truth (nb201:cifar10_test_acc_200ep)"))
    #expect(FileManager.default.fileExists(atPath: run + "/trace.csv"))

    let nao = directory.appendingPathComponent("nao.yaml")
    try """
    scorer: oracle
    truth: nb201:cifar10_test_acc_200ep
    nao: {seed_pool: 30, iterations: 2, proposals_per_iteration: 10, top_seeds: 10, controller_epochs: 20}
    """.write(to: nao, atomically: true, encoding: .utf8)
    let naoResult = try cairn(["search", "--method", "nao", nao.path, "--run-dir", run + "-nao"])
    #expect(naoResult.status == 0, "\(naoResult.error)")
    #expect(naoResult.output.contains("best architecture: |"))

    let badMethod = try cairn(["search", "--method", "annealing", config.path, "--run-dir", run])
    #expect(badMethod.status == 2)
    #expect(badMethod.error.contains("annealing"))

    let missing = directory.appendingPathComponent("missing.yaml")
    try "supernet_run: \(directory.path)/nowhere\nbudget: 10\npopulation: 5\ntournament: 2\n"
      .write(to: missing, atomically: true, encoding: .utf8)
    let noRun = try cairn(["search", missing.path, "--run-dir", run + "2"])
    #expect(noRun.status == 2)
    #expect(noRun.error.contains("nowhere/config.json"))

    let typo = directory.appendingPathComponent("typo.yaml")
    try "scorer: oracle\nbudgets: 10\n".write(to: typo, atomically: true, encoding: .utf8)
    let typoResult = try cairn(["search", typo.path, "--run-dir", run + "3"])
    #expect(typoResult.status == 2)
    #expect(typoResult.error.contains("did you mean 'budget'"))
  }

  /// GDAS and DARTS train their own super-net from a super-net configuration and return the argmax-α cell.
  @Test(arguments: ["gdas", "darts"])
  func differentiableMethodsTrainASupernetAndReturnArgmaxAlpha(method: String) throws {
    let directory = try temporaryDirectory()
    let config = directory.appendingPathComponent("\(method).yaml")
    try """
    truth: nb201:cifar10_test_acc_200ep
    limit: 32
    supernet: {channels: 8, cells_per_stage: 1}
    training: {epochs: 2, batch_size: 16}
    gdas: {warmup_epochs: 1}
    differentiable: {warmup_epochs: 1, order: first}
    evaluation: {every: 2, pool_size: 4, scoring_batches: 1, top_k: 2, bootstrap: 0}
    """.write(to: config, atomically: true, encoding: .utf8)
    let result = try cairn([
      "search", "--method", method, config.path, "--run-dir",
      directory.appendingPathComponent("run").path,
    ])
    #expect(result.status == 0, "\(result.error)")
    #expect(result.output.contains("best architecture: |"))
    #expect(result.output.contains("ground truth (nb201:cifar10_test_acc_200ep)"))
  }
}

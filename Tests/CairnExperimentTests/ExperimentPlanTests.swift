import CairnCore
import CairnSupernet
import Foundation
import Testing

@testable import CairnExperiment

@Suite struct ExperimentPlanTests {
  let valid = """
    name: grid
    seeds: [3, 1]
    base:
      truth: nb201:cifar10_test_acc_200ep
      training: {epochs: 7}
      landmarks: {count: 12}
    arms:
      zeta: {}
      alpha:
        landmarks: {enabled: true, weight: 2}
        training: {batch_size: 32}
    """

  func problem(_ text: String) -> String? {
    do {
      _ = try ExperimentPlan.parse(text, path: "plan.yaml")
      return nil
    } catch {
      return error.description
    }
  }

  @Test func armsKeepFileOrderAndLayOverTheBase() throws {
    let plan = try ExperimentPlan.parse(valid, path: "plan.yaml")
    #expect(plan.name == "grid")
    #expect(plan.seeds == [3, 1])
    #expect(plan.arms.map(\.name) == ["zeta", "alpha"])
    let zeta = plan.arms[0].configuration
    let alpha = plan.arms[1].configuration
    #expect(zeta.training.epochs == 7 && alpha.training.epochs == 7)
    #expect(zeta.training.batchSize == SupernetConfiguration().training.batchSize)
    #expect(alpha.training.batchSize == 32)
    #expect(!zeta.landmarks.enabled && alpha.landmarks.enabled)
    #expect(zeta.landmarks.count == 12 && alpha.landmarks.count == 12)
    #expect(alpha.landmarks.weight == 2)
    let cell = plan.configuration(arm: plan.arms[1], seed: 1)
    #expect(cell.seed == 1)
    #expect(cell.name == "grid/alpha/seed-1")
  }

  @Test func mistakesNameTheFileAndTheKey() {
    let unknownTop = problem(valid.replacingOccurrences(of: "seeds:", with: "sedes:"))
    #expect(unknownTop?.contains("plan.yaml") == true)
    #expect(unknownTop?.contains("did you mean 'seeds'") == true)

    let unknownArmKey = problem(valid.replacingOccurrences(of: "weight: 2", with: "wieght: 2"))
    #expect(unknownArmKey?.contains("arm 'alpha'") == true)
    #expect(unknownArmKey?.contains("landmarks.weight") == true)

    let wrongType = problem(valid.replacingOccurrences(of: "epochs: 7", with: "epochs: many"))
    #expect(wrongType?.contains("training.epochs") == true)

    // A value out of range is refused when the plan is read, before any cell trains.
    let outOfRange = problem(valid.replacingOccurrences(of: "epochs: 7", with: "epochs: 0"))
    #expect(outOfRange?.contains("training.epochs") == true)
    #expect(outOfRange?.contains("arm '") == true)

    #expect(problem(valid + "\n    seed: 4")?.contains("seed") == true)
    #expect(
      problem(valid.replacingOccurrences(of: "landmarks: {count: 12}", with: "seed: 2"))?
        .contains("base.seed") == true)
    #expect(
      problem(valid.replacingOccurrences(of: "[3, 1]", with: "[3, 3]"))?.contains("twice") == true)
    #expect(problem(valid.replacingOccurrences(of: "[3, 1]", with: "[-1]")) != nil)
    #expect(problem(valid.replacingOccurrences(of: "[3, 1]", with: "[]")) != nil)
    #expect(problem("name: x\nseeds: [0]\n")?.contains("arms") == true)
    #expect(problem("name: x\narms: [a, b]\n")?.contains("arms") == true)
    #expect(problem(valid.replacingOccurrences(of: "name: grid", with: "name: a/b")) != nil)
    #expect(problem("- just\n- a list\n")?.contains("mapping") == true)
    #expect(problem("arms: {a: {}\n") != nil)
  }

  /// `after` chains arms: the cell starts from the named arm's cell of its seed, and shards split by seed.
  @Test func chainedArmsStartFromTheirPredecessor() throws {
    let chained = valid + "\n  omega:\n    after: zeta\n    training: {learning_rate: 0.01}\n"
    let plan = try ExperimentPlan.parse(chained, path: "plan.yaml")
    #expect(plan.arms.map(\.after) == [nil, nil, "zeta"])
    #expect(plan.chainsArms)
    let experiment = Experiment(plan: plan, directory: "/tmp/grid")
    let cells = experiment.cells
    #expect(cells.count == 6)
    #expect(cells[2].arm == "omega" && cells[2].seed == 3)
    #expect(cells[2].configuration.initialization == "/tmp/grid/zeta/seed-3")
    #expect(cells[0].configuration.initialization == nil)
    let first = try Shard(index: 0, count: 2)
    #expect((0..<6).filter { experiment.shard(first, contains: $0) } == [0, 1, 2])
    #expect(!(try ExperimentPlan.parse(valid, path: "plan.yaml")).chainsArms)

    #expect(
      problem(valid + "\n  omega:\n    after: nobody\n")?.contains(
        "'after' must name an arm listed before it, got 'nobody'") == true)
    #expect(
      problem(valid.replacingOccurrences(of: "  zeta: {}", with: "  zeta: {after: alpha}"))?
        .contains("arm 'zeta': 'after' must name an arm listed before it") == true)
    #expect(
      problem(valid + "\n  omega:\n    after: zeta\n    initialization: x\n")?.contains(
        "sets both 'after' and 'initialization'") == true)
  }
}

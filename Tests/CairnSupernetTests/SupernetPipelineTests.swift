import CairnCore
import CairnEngine
import CairnTraining
import Foundation
import Testing

@testable import CairnSupernet

/// Super-net training in stages: strict parsing, initialization from the stage before, and resumption after a
/// kill within and across stages to the same weights as an uninterrupted pipeline.
@Suite struct SupernetPipelineTests {
  static let yaml = """
    name: staged
    truth: nb201:cifar10_test_acc_200ep
    limit: 64
    seed: 5
    supernet: {channels: 4, cells_per_stage: 1}
    training: {epochs: 2, batch_size: 16}
    evaluation: {every: 1, pool_size: 6, scoring_batches: 1, top_k: 3, bootstrap: 0}
    landmarks: {count: 4, schedule: constant, weight: 1, warmup_epochs: 1}
    stages:
      - {name: warm}
      - name: main
        training: {learning_rate: 0.01}
        landmarks: {enabled: true}
    """

  func pipeline() throws -> SupernetPipeline {
    try #require(try SupernetPipeline.parse(Self.yaml, path: "staged.yaml"))
  }

  @Test func stagesLayTheirKeysOverTheFile() throws {
    let p = try pipeline()
    #expect(p.stages.map(\.name) == ["warm", "main"])
    #expect(p.name == "staged")
    #expect(
      p.stages[0].configuration.training.learningRate
        == SupernetConfiguration().training.learningRate)
    #expect(p.stages[1].configuration.training.learningRate == 0.01)
    #expect(
      p.stages[1].configuration.landmarks.enabled && !p.stages[0].configuration.landmarks.enabled)
    #expect(p.stages[1].configuration.training.epochs == 2)
    let second = p.configuration(stage: 1, directory: "/tmp/run")
    #expect(second.initialization == "/tmp/run/1-warm")
    #expect(p.configuration(stage: 0, directory: "/tmp/run").initialization == nil)
    #expect(try SupernetPipeline.parse("truth: nb201:cifar10_test_acc_200ep", path: "x") == nil)
  }

  @Test(arguments: [
    ("stages: 3", "key 'stages' must be a non-empty list"),
    ("stages: []", "key 'stages' must be a non-empty list"),
    ("stages: [{training: {epochs: 1}}]", "stage 1 must be a mapping with a 'name'"),
    ("stages: [{name: a}, {name: a}]", "stage name 'a' is used twice"),
    ("stages: [{name: A_b}]", "stage name 'A_b' must be lowercase"),
    ("stages: [{name: a}, {name: b, initialization: x}]", "initialization is set by the pipeline"),
    ("stages: [{name: a, training: {epoks: 3}}]", "stage 'a'"),
    ("stages: [{name: a, training: {epochs: 0}}]", "training.epochs"),
  ])
  func badStagesNameTheProblem(stages: String, problem: String) {
    let text = "truth: nb201:cifar10_test_acc_200ep\n" + stages
    #expect {
      _ = try SupernetPipeline.parse(text, path: "bad.yaml")
    } throws: { error in
      let message = (error as? CairnError)?.description ?? ""
      return message.contains("bad.yaml") && message.contains(problem)
    }
  }

  func checkpointTensors(_ run: RunDirectory) throws -> [String: [Float]] {
    try run.checkpointWeights().mapValues { $0.toArray() }
  }

  /// A pipeline killed in its first stage, then in its second, ends with the same weights and scores as one that
  /// ran straight through; the second stage starts from the first's final weights.
  @Test func aKilledPipelineResumesToTheSameWeights() throws {
    let straight = SupernetPipelineRun(
      pipeline: try pipeline(), directory: NSTemporaryDirectory() + "pipeline-\(UUID())")
    var logs: [String] = []
    straight.onTrainer = { trainer in trainer.onLog = { logs.append($0) } }
    let expected = try straight.train()
    #expect(expected.count == 2)
    #expect(logs.contains("initialised from \(straight.stageDirectories[0].url.path)"), "\(logs)")
    let log = straight.stageDirectories[1].metricsLines()
    #expect(log.count == 2)

    let directory = NSTemporaryDirectory() + "pipeline-\(UUID())"
    let first = SupernetPipelineRun(pipeline: try pipeline(), directory: directory)
    first.stopInStage = (stage: 0, afterSteps: 3)  // 2 steps per epoch: inside the second epoch
    #expect(throws: RunInterrupted.self) { _ = try first.train() }
    #expect(!FileManager.default.fileExists(atPath: first.stageDirectories[1].url.path))
    let second = SupernetPipelineRun(pipeline: try pipeline(), directory: directory)
    second.stopInStage = (stage: 1, afterSteps: 1)
    var seen: [(Int, Bool)] = []
    second.onStage = { index, _, _, finished in seen.append((index, finished)) }
    #expect(throws: RunInterrupted.self) { _ = try second.train() }
    #expect(seen.map(\.0) == [0, 1] && seen.map(\.1) == [false, false])
    let resumed = try SupernetPipelineRun(pipeline: try pipeline(), directory: directory).train()

    for stage in 0..<2 {
      #expect(resumed[stage].scores == expected[stage].scores)
      #expect(
        try checkpointTensors(first.stageDirectories[stage])
          == checkpointTensors(straight.stageDirectories[stage]))
    }
  }
}

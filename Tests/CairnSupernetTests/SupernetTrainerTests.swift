import CairnCore
import CairnEngine
import Foundation
import Testing

@testable import CairnSupernet

@Suite(.serialized) struct SupernetTrainerTests {
  func configuration(landmarks: Bool = true) -> SupernetConfiguration {
    var c = SupernetConfiguration()
    c.truth = "nb201:cifar10_test_acc_200ep"
    c.limit = 64
    c.seed = 5
    c.supernet.channels = 4
    c.supernet.cellsPerStage = 1
    c.training.epochs = 2
    c.training.batchSize = 16
    c.landmarks.enabled = landmarks
    c.landmarks.count = 4
    c.landmarks.schedule = "constant"
    c.landmarks.weight = 1
    c.landmarks.warmupEpochs = 1
    c.evaluation.every = 1
    c.evaluation.poolSize = 6
    c.evaluation.scoringBatches = 1
    c.evaluation.topK = 3
    c.evaluation.bootstrap = 0
    return c
  }

  func temporaryRun() -> RunDirectory {
    RunDirectory(
      FileManager.default.temporaryDirectory.appendingPathComponent("cairn-supernet-\(UUID())").path
    )
  }

  func weights(_ run: RunDirectory) throws -> [String: [Float]] {
    try Safetensors.read(from: run.checkpointURL).tensors.mapValues { $0.toArray() }
  }

  @Test func killedAndResumedRunMatchesAnUninterruptedOne() throws {
    let straight = temporaryRun()
    let result = try SupernetTrainer(configuration: configuration(), runDirectory: straight).train()
    #expect(result.epoch == 2)
    #expect(result.scores.count == 6)
    #expect(straight.metricsLines().count == 2)
    #expect(
      FileManager.default.fileExists(atPath: straight.url.appendingPathComponent("scores.csv").path)
    )
    #expect(
      FileManager.default.fileExists(
        atPath: straight.url.appendingPathComponent("landmarks.csv").path))

    let interrupted = temporaryRun()
    let first = try SupernetTrainer(configuration: configuration(), runDirectory: interrupted)
    // Stop inside epoch 2 (2 steps per epoch), after the landmark loss switched on.
    first.stopAfterSteps = 3
    #expect(throws: RunInterrupted.self) { try first.train() }
    let resumed = try SupernetTrainer(configuration: configuration(), runDirectory: interrupted)
      .train()
    #expect(try weights(straight) == weights(interrupted))
    #expect(resumed.scores == result.scores)

    // The landmark term is off during the warm-up epoch and on after it; every epoch is evaluated.
    let events = straight.metricsLines().compactMap {
      try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
    }
    #expect(events.count == 2)
    #expect(events[0]["landmark_weight"] as? Double == 0)
    #expect(events[1]["landmark_weight"] as? Double == 1)
    #expect(events.allSatisfy { $0["kendall_tau"] != nil })
  }

  @Test func badSettingsAreNamed() {
    var c = configuration()
    c.landmarks.weight = -1
    #expect(throws: CairnError.self) {
      try SupernetTrainer(configuration: c, runDirectory: temporaryRun())
    }
    c = configuration()
    c.landmarks.count = 20_000
    #expect(throws: CairnError.self) {
      try SupernetTrainer(configuration: c, runDirectory: temporaryRun())
    }
    c = configuration()
    c.truth = nil
    #expect(throws: CairnError.self) {
      try SupernetTrainer(configuration: c, runDirectory: temporaryRun())
    }
    c = configuration()
    c.truth = "nb201:cifar10_acc"
    #expect(throws: CairnError.self) {
      try SupernetTrainer(configuration: c, runDirectory: temporaryRun())
    }
  }
}

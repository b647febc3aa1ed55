import CairnCore
import CairnEngine
import CairnTraining
import Foundation
import Testing

@testable import CairnSupernet

@Suite(.serialized) struct SupernetTrainerTests {
  func configuration(landmarks: Bool = true) -> SupernetConfiguration {
    tinySupernetConfiguration(landmarks: landmarks)
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

  @Test func nonFiniteLossStopsAndKeepsTheLastGoodCheckpoint() throws {
    let straight = temporaryRun()
    _ = try SupernetTrainer(configuration: configuration(), runDirectory: straight).train()

    let poisoned = temporaryRun()
    let trainer = try SupernetTrainer(configuration: configuration(), runDirectory: poisoned)
    trainer.poisonedStep = 3  // the second step of epoch 2 (2 steps per epoch)
    #expect {
      try trainer.train()
    } throws: { error in
      guard let error = error as? CairnError, case .failure(let message) = error else {
        return false
      }
      return message.contains("loss became nan") && message.contains(poisoned.url.path)
    }
    // The checkpoint of epoch 1 is untouched, and resuming from it ends where an uninterrupted run ends.
    #expect(poisoned.metricsLines().count == 1)
    _ = try SupernetTrainer(configuration: configuration(), runDirectory: poisoned).train()
    #expect(try weights(straight) == weights(poisoned))
  }

  @Test func armsWithAndWithoutLandmarksRankTheSamePool() throws {
    let plain = try SupernetTrainer(
      configuration: configuration(landmarks: false), runDirectory: temporaryRun()
    ).train()
    let regularized = try SupernetTrainer(
      configuration: configuration(landmarks: true), runDirectory: temporaryRun()
    ).train()
    #expect(plain.scores.map(\.architecture) == regularized.scores.map(\.architecture))
    #expect(plain.truth == regularized.truth)
  }

  @Test func eachRoundAddsTheTopUnseenArchitecturesToTheLandmarks() throws {
    var c = configuration()
    c.training.epochs = 3
    c.landmarks.iterations = 3
    c.landmarks.addedPerIteration = 2
    c.landmarks.searchPoolSize = 5
    let run = temporaryRun()
    let trainer = try SupernetTrainer(configuration: c, runDirectory: run)
    let result = try trainer.train()
    let events = run.metricsLines().compactMap {
      try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
    }
    // Rounds end after epochs 1 and 2 (of 3); the last round adds nothing.
    #expect(events.map { $0["landmark_count"] as? Int } == [6, 8, nil])
    let added = events.prefix(2).flatMap { ($0["landmarks_added"] as? [String]) ?? [] }
    #expect(added.count == 4)
    #expect(Set(added).count == 4)
    let csv = try String(
      contentsOf: run.url.appendingPathComponent("landmarks.csv"), encoding: .utf8)
    let rows = csv.split(separator: "\n").dropFirst()
    #expect(rows.count == 8)
    // Ascending by ground truth, newcomers included, none of them in the evaluation pool.
    let truths = rows.map { Double($0.split(separator: ",").last!)! }
    #expect(truths == truths.sorted())
    for architecture in added {
      #expect(csv.contains(architecture))
      #expect(!result.scores.map(\.architecture).contains(architecture))
    }
  }

  @Test func rankingACheckpointReproducesTheFinalScores() throws {
    let run = temporaryRun()
    let trainer = try SupernetTrainer(configuration: configuration(), runDirectory: run)
    let result = try trainer.train()
    let again = try SupernetTrainer(configuration: configuration(), runDirectory: run)
      .rankCheckpoint()
    #expect(again.scores == result.scores)
    #expect(again.epoch == 2)
    // A finished run returns its saved result without training again.
    let saved = try SupernetTrainer(configuration: configuration(), runDirectory: run).train()
    #expect(saved.scores == result.scores)
    #expect(saved.seconds == result.seconds)
  }

  @Test func landmarkSettingsAreChecked() {
    var c = configuration()
    c.landmarks.iterations = 0
    #expect(throws: CairnError.self) {
      try SupernetTrainer(configuration: c, runDirectory: temporaryRun())
    }
    c = configuration()
    c.landmarks.architectures = ["|none~0|+|none~0|none~1|+|none~0|none~1|none~2|"]
    #expect(throws: CairnError.self) {
      try SupernetTrainer(configuration: c, runDirectory: temporaryRun())
    }
    c = configuration()
    c.landmarks.architectures = ["|none~0|+|none~0|none~1|+|none~0|none~1|none~2|", "|bogus~0|"]
    #expect(throws: CairnError.self) {
      try SupernetTrainer(configuration: c, runDirectory: temporaryRun()).train()
    }
  }
}

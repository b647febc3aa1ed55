import CairnCore
import CairnEngine
import CairnTraining
import Foundation
import Testing

@testable import CairnTraining

@Suite(.serialized) struct StandaloneTrainerTests {
  func configuration() -> StandaloneConfiguration {
    var c = StandaloneConfiguration(
      architecture:
        "|nor_conv_3x3~0|+|nor_conv_1x1~0|avg_pool_3x3~1|+|skip_connect~0|none~1|nor_conv_3x3~2|")
    c.epochs = 2
    c.channels = 4
    c.cellsPerStage = 1
    c.batchSize = 16
    c.limit = 64
    c.seed = 3
    return c
  }

  func temporaryRun() -> RunDirectory {
    RunDirectory(
      FileManager.default.temporaryDirectory.appendingPathComponent("cairn-run-\(UUID())").path)
  }

  func weights(_ run: RunDirectory) throws -> [String: [Float]] {
    try Safetensors.read(from: run.checkpointURL).tensors.mapValues { $0.toArray() }
  }

  @Test func resumedRunEndsWithTheSameWeightsAsAnUninterruptedOne() throws {
    let straight = temporaryRun()
    let result = try StandaloneTrainer(configuration: configuration(), runDirectory: straight)
      .train()
    #expect(result.epochs == 2)
    #expect(result.testAccuracy >= 0 && result.testAccuracy <= 1)
    #expect(straight.metricsLines().count == 2)

    let interrupted = temporaryRun()
    let first = try StandaloneTrainer(configuration: configuration(), runDirectory: interrupted)
    first.stopAfterSteps = 3  // mid-way through the first epoch (4 steps per epoch)
    #expect(throws: RunInterrupted.self) { try first.train() }
    #expect(interrupted.hasCheckpoint)
    let second = try StandaloneTrainer(configuration: configuration(), runDirectory: interrupted)
    second.stopAfterSteps = 2  // into the second epoch, after an epoch-end checkpoint
    #expect(throws: RunInterrupted.self) { try second.train() }
    let resumed = try StandaloneTrainer(configuration: configuration(), runDirectory: interrupted)
      .train()

    #expect(try weights(straight) == weights(interrupted))
    #expect(resumed.testAccuracy == result.testAccuracy)
    #expect(
      straight.metricsLines().map {
        $0.replacingOccurrences(
          of: #""images_per_second":[0-9.e+-]+,"#, with: "", options: .regularExpression)
      }
        == interrupted.metricsLines().map {
          $0.replacingOccurrences(
            of: #""images_per_second":[0-9.e+-]+,"#, with: "", options: .regularExpression)
        })
  }

  @Test func aDifferentConfigurationIsRefusedInAnExistingRun() throws {
    let run = temporaryRun()
    let trainer = try StandaloneTrainer(configuration: configuration(), runDirectory: run)
    trainer.stopAfterSteps = 1
    #expect(throws: RunInterrupted.self) { try trainer.train() }
    var other = configuration()
    other.seed = 4
    #expect(throws: CairnError.self) {
      try StandaloneTrainer(configuration: other, runDirectory: run).train()
    }
  }

  @Test func badValuesAreRejectedWithTheOptionName() {
    var c = configuration()
    c.epochs = 0
    #expect(throws: CairnError.invalidInput("--epochs must be positive, got 0")) {
      try c.validate()
    }
    c = configuration()
    c.architecture = "|nor_conv_3x3~0|"
    #expect(throws: CairnError.self) { try c.validate() }
  }
}

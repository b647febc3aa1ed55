import CairnBenchmarks
import CairnCore
import CairnTraining
import Foundation
import Testing

@testable import CairnSupernet

/// The tri-level method as a super-net run: the auxiliary model trains and its losses are logged, the transfer
/// term changes α's path (and without it α follows DARTS exactly), a killed run resumes bit-exactly, auxiliary
/// model included, and bad settings are refused by name.
@Suite struct TriLevelStrategyTests {
  func configuration() -> SupernetConfiguration {
    var c = tinySupernetConfiguration(landmarks: false)
    c.limit = 32  // one step per epoch
    c.supernet.channels = 8
    c.training.sampler = .triLevel
    c.training.epochs = 3
    c.differentiable.order = .first
    c.differentiable.warmupEpochs = 1
    c.differentiable.archLearningRate = 0.05
    c.triLevel.quadruples = 64
    c.evaluation.every = 3  // once, at the end
    return c
  }

  func events(_ run: RunDirectory) -> [[String: Any]] {
    run.metricsLines().compactMap {
      try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
    }
  }

  /// The last epoch's softmax(α).
  func weights(_ run: RunDirectory) -> [[Double]]? {
    events(run).last?["architecture_weights"] as? [[Double]]
  }

  /// One run of each kind: tri-level straight through, killed and resumed, DARTS, and tri-level with γ = 0.
  @Test func triLevelLogsTheAuxiliaryModelResumesBitExactlyAndDiffersFromDARTSByItsTransferTerm()
    throws
  {
    let c = configuration()
    let straight = RunDirectory(NSTemporaryDirectory() + "trilevel-\(UUID())")
    let result = try SupernetTrainer(configuration: c, runDirectory: straight).train()
    let logged = events(straight)
    #expect(logged.count == 3)
    #expect(logged[0]["auxiliary_loss"] == nil)
    for key in ["auxiliary_loss", "transfer_loss", "auxiliary_validation_loss"] {
      #expect((logged[2][key] as? Double)?.isFinite == true, "\(key)")
    }
    let derived = try #require(result.derivedArchitecture)
    #expect(result.derivedCensus?.operations == 6)
    #expect(
      result.derivedTruth
        == (try GroundTruth(parsing: c.truth ?? "").value(forArchitecture: derived)))

    let interrupted = RunDirectory(NSTemporaryDirectory() + "trilevel-\(UUID())")
    let first = try SupernetTrainer(configuration: c, runDirectory: interrupted)
    first.stopAfterSteps = 2  // after epoch 2's step: α and the auxiliary model are being learned
    #expect(throws: RunInterrupted.self) { try first.train() }
    let resumed = try SupernetTrainer(configuration: c, runDirectory: interrupted).train()
    #expect(resumed.scores == result.scores)
    #expect(weights(interrupted) == weights(straight))
    for key in ["auxiliary_loss", "transfer_loss", "auxiliary_validation_loss"] {
      #expect(events(interrupted)[2][key] as? Double == logged[2][key] as? Double, "\(key)")
    }
    #expect(
      try interrupted.checkpointWeights().mapValues { $0.toArray() }
        == straight.checkpointWeights().mapValues { $0.toArray() })

    // γ = 0 leaves α on DARTS's path, step for step; γ = 1 moved it elsewhere.
    func finalWeights(_ c: SupernetConfiguration) throws -> [[Double]]? {
      let run = RunDirectory(NSTemporaryDirectory() + "trilevel-\(UUID())")
      _ = try SupernetTrainer(configuration: c, runDirectory: run).train()
      return weights(run)
    }
    var darts = c
    darts.training.sampler = .darts
    var silent = c
    silent.triLevel.auxiliaryWeight = 0
    let dartsWeights = try #require(try finalWeights(darts))
    #expect(try finalWeights(silent) == dartsWeights)
    #expect(weights(straight) != dartsWeights)
  }

  @Test func badSettingsAreRefusedByName() throws {
    var hinge = configuration()
    hinge.triLevel.form = .hinge
    #expect(throws: CairnError.self) { try hinge.validate() }
    var wrong = configuration()
    wrong.triLevel.auxiliary = "|nor_conv_3x3~0|+|bogus~0|"
    let run = RunDirectory(NSTemporaryDirectory() + "trilevel-\(UUID())")
    #expect {
      _ = try SupernetTrainer(configuration: wrong, runDirectory: run).train()
    } throws: { error in
      (error as? CairnError)?.description.contains("tri_level.auxiliary") == true
    }
    var nb101 = configuration()
    nb101.space = .nb101
    nb101.truth = "nb101:val_acc_108"
    #expect {
      _ = try SupernetTrainer(configuration: nb101, runDirectory: run)
    } throws: { error in
      (error as? CairnError)?.description.contains("training.sampler tri-level needs") == true
    }
  }
}

import CairnCore
import CairnTraining
import Foundation
import Testing

@testable import CairnSupernet

/// DARTS as a super-net run: α moves after the warm-up, the argmax architecture is reported, a killed run resumes
/// to the same α and scores, and spaces without a mixed forward pass are refused by name.
@Suite struct DARTSStrategyTests {
  func configuration(order: DARTSOrder) -> SupernetConfiguration {
    var c = tinySupernetConfiguration(landmarks: true)
    c.limit = 32  // one step per epoch
    c.supernet.channels = 8
    c.training.sampler = .darts
    c.training.epochs = 3
    c.differentiable.order = order
    c.differentiable.warmupEpochs = 1
    c.differentiable.archLearningRate = 0.05
    return c
  }

  @Test(arguments: [DARTSOrder.first, .second])
  func dartsMovesAlphaAndResumes(order: DARTSOrder) throws {
    let c = configuration(order: order)
    let straight = RunDirectory(NSTemporaryDirectory() + "darts-\(UUID())")
    let result = try SupernetTrainer(configuration: c, runDirectory: straight).train()
    let events = straight.metricsLines().compactMap {
      try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
    }
    #expect(events.count == 3)
    #expect(events[0]["darts_architecture"] == nil)
    #expect((events[2]["darts_validation_loss"] as? Double)?.isFinite == true)

    let interrupted = RunDirectory(NSTemporaryDirectory() + "darts-\(UUID())")
    let first = try SupernetTrainer(configuration: c, runDirectory: interrupted)
    first.stopAfterSteps = 2  // after epoch 2's step, with α being learned
    #expect(throws: RunInterrupted.self) { try first.train() }
    let resumed = try SupernetTrainer(configuration: c, runDirectory: interrupted).train()
    #expect(resumed.scores == result.scores)
    #expect(resumed.derivedArchitecture == result.derivedArchitecture)
    #expect(
      try interrupted.checkpointWeights().mapValues { $0.toArray() }
        == straight.checkpointWeights().mapValues { $0.toArray() })
  }

  @Test func spacesWithoutAMixtureAreRefused() throws {
    var c = configuration(order: .first)
    c.space = .nb101
    c.truth = "nb101:val_acc_108"
    c.supernet.channels = 8
    c.landmarks.enabled = false
    let run = RunDirectory(NSTemporaryDirectory() + "darts-\(UUID())")
    #expect {
      _ = try SupernetTrainer(configuration: c, runDirectory: run)
    } throws: { error in
      (error as? CairnError)?.description.contains(
        "training.sampler darts needs a network that mixes its options; nb101 has none") == true
    }
  }
}

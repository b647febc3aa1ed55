import CairnCore
import CairnEngine
import CairnNetworks
import CairnSpaces
import CairnTraining
import Foundation
import Testing

@testable import CairnSupernet

/// NB101 super-nets through the same trainer, files and resumption as NB201.
@Suite(.serialized) struct NB101SupernetTrainerTests {
  static func configuration(sampler: SamplerKind = .uniform) -> SupernetConfiguration {
    var c = tinySupernetConfiguration(landmarks: true)
    c.space = .nb101
    c.truth = "nb101:val_acc_108"
    c.supernet.channels = 4
    c.training.sampler = sampler
    return c
  }

  func temporaryRun() -> RunDirectory {
    RunDirectory(
      FileManager.default.temporaryDirectory.appendingPathComponent("cairn-nb101-\(UUID())").path)
  }

  func weights(_ run: RunDirectory) throws -> [String: [Float]] {
    try Safetensors.read(from: run.checkpointURL).tensors.mapValues { $0.toArray() }
  }

  @Test func killedAndResumedRunMatchesAnUninterruptedOne() throws {
    let c = Self.configuration()
    let straight = temporaryRun()
    let result = try SupernetTrainer(configuration: c, runDirectory: straight).train()
    #expect(result.scores.count == 6)
    #expect(result.scores.allSatisfy { $0.architecture.contains(":input|") })
    let landmarks = try String(
      contentsOf: straight.url.appendingPathComponent("landmarks.csv"), encoding: .utf8)
    #expect(landmarks.split(separator: "\n").count == 5)  // header + K = 4

    let interrupted = temporaryRun()
    let first = try SupernetTrainer(configuration: c, runDirectory: interrupted)
    first.stopAfterSteps = 3  // inside epoch 2, with the landmark term on
    #expect(throws: RunInterrupted.self) { try first.train() }
    let resumed = try SupernetTrainer(configuration: c, runDirectory: interrupted).train()
    #expect(try weights(straight) == weights(interrupted))
    #expect(resumed.scores == result.scores)
    // The pool and landmarks hold NB101 cells with known ground truth.
    #expect(result.truth.allSatisfy { $0 > 0 && $0 <= 1 })
  }

  @Test func fairNASAndTheFixedChannelSubSpaceTrain() throws {
    var c = Self.configuration(sampler: .fairnas)
    c.training.epochs = 1
    c.landmarks.enabled = false
    c.supernet.channels = 4
    c.supernet.nb101.vertexChannels = .fixed
    c.supernet.nb101.outputInDegree = 2
    let run = temporaryRun()
    let result = try SupernetTrainer(configuration: c, runDirectory: run).train()
    // Every pool cell fits the sub-space: exactly two interior vertices feed the output.
    for score in result.scores {
      let cell = try NB101Architecture(parsing: score.architecture)
      #expect(NB101Network.fits(cell, outputInDegree: 2))
    }
  }

  @Test func spaceSpecificMistakesAreNamed() {
    var c = Self.configuration()
    c.supernet.sharing = .perNode
    #expect(throws: CairnError.self) {
      try SupernetTrainer(configuration: c, runDirectory: temporaryRun())
    }
    c = Self.configuration()
    c.training.sampler = .gdas
    #expect(throws: CairnError.self) {
      try SupernetTrainer(configuration: c, runDirectory: temporaryRun()).train()
    }
    c = Self.configuration()
    c.truth = "nb201:cifar10_test_acc_200ep"
    #expect(throws: CairnError.self) {
      try SupernetTrainer(configuration: c, runDirectory: temporaryRun())
    }
    c = Self.configuration()
    c.landmarks.architectures = ["0000000:input|output", "01:input|output"]
    #expect(throws: CairnError.self) {
      try SupernetTrainer(configuration: c, runDirectory: temporaryRun()).train()
    }
  }

  @Test(arguments: [LandmarkSelectionKind.random, .rankStratified, .hamming])
  func landmarksAreSelectedAmongTabulatedCells(_ selection: LandmarkSelectionKind) throws {
    var c = Self.configuration()
    c.landmarks.selection = selection
    c.landmarks.count = 4
    c.landmarks.hammingDistance = 2
    let run = try SupernetRun<NB101Supernet>(configuration: c, directory: temporaryRun())
    var random = RandomStream(seed: 1, name: "landmark selection")
    let landmarks = try run.chooseLandmarks(random: &random)
    // the faithful Hamming walk may drop one, as the reference code does
    #expect(landmarks.count >= 3)
    #expect(landmarks.groundTruths == landmarks.groundTruths.sorted())
    for architecture in landmarks.architectures {
      #expect(run.known.listed(architecture) != nil)
    }
    if selection == .hamming {
      let root = landmarks.architectures.map { run.space.choices(of: $0) }
      #expect(Set(root).count >= 2)
    }
  }
}

import CairnCore
import CairnEngine
import Foundation
import Testing

@testable import CairnTraining

/// Stand-alone DARTS training: the auxiliary loss and drop-path, their checks, and a bit-exact resume with both.
@Suite(.serialized) struct DARTSStandaloneTests {
  static let dartsV2 = """
    Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), \
    ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], \
    normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), \
    ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], \
    reduce_concat=[2, 3, 4, 5])
    """

  func configuration() -> StandaloneConfiguration {
    var c = StandaloneConfiguration(architecture: Self.dartsV2)
    c.space = .darts
    c.epochs = 2
    c.channels = 4
    c.cells = 3
    c.auxiliaryWeight = 0.4
    c.dropPath = 0.3
    c.batchSize = 16
    c.limit = 48
    c.seed = 5
    return c
  }

  func temporaryRun() -> RunDirectory {
    RunDirectory(
      FileManager.default.temporaryDirectory.appendingPathComponent("cairn-darts-\(UUID())").path)
  }

  /// Drop-path draws masks in the second epoch (p · 1/2) and the auxiliary head adds its loss; a run stopped
  /// mid-epoch and resumed ends with the same weights.
  @Test func resumedRunWithDropPathAndAuxiliaryHeadEndsWithTheSameWeights() throws {
    let straight = temporaryRun()
    let result = try StandaloneTrainer(configuration: configuration(), runDirectory: straight)
      .train()
    #expect(result.epochs == 2)
    #expect(result.parameters > 0)
    let interrupted = temporaryRun()
    let first = try StandaloneTrainer(configuration: configuration(), runDirectory: interrupted)
    first.stopAfterSteps = 4  // into the second epoch (3 steps per epoch), where drop-path is on
    #expect(throws: RunInterrupted.self) { try first.train() }
    _ = try StandaloneTrainer(configuration: configuration(), runDirectory: interrupted).train()
    let weights = { (run: RunDirectory) in
      try Safetensors.read(from: run.checkpointURL).tensors.mapValues { $0.toArray() }
    }
    let (a, b) = (try weights(straight), try weights(interrupted))
    #expect(a == b)
    #expect(a.keys.contains { $0.hasPrefix("model.auxiliaryHead.") })
    let state = try Safetensors.read(from: straight.checkpointURL).metadata["cairn.state"] ?? ""
    #expect(state.contains("dropPathRandom"))
    let config = try String(contentsOf: straight.configURL, encoding: .utf8)
    #expect(config.contains("cells: 3") && config.contains("drop_path: 0.3"))
  }

  @Test func dropPathRampsLinearlyOverTheEpochs() {
    var c = configuration()
    c.epochs = 4
    c.dropPath = 0.2
    #expect((0..<4).map { c.dropPathProbability(epoch: $0) } == [0, 0.05, 0.1, 0.15])
  }

  @Test func dartsOptionsAreCheckedAndRefusedElsewhere() {
    var c = configuration()
    c.dropPath = 1
    #expect(throws: CairnError.invalidInput("--drop-path must be at least 0 and below 1, got 1.0"))
    {
      try c.validate()
    }
    c = configuration()
    c.auxiliaryWeight = -1
    #expect(throws: CairnError.self) { try c.validate() }
    c = configuration()
    c.cells = 0
    #expect(throws: CairnError.invalidInput("--cells must be positive, got 0")) { try c.validate() }
    c = configuration()
    c.dataset = .fashionMNIST
    // 28×28 images leave 7×7 features for the auxiliary head
    #expect(throws: CairnError.self) { try c.validate() }
    c.padFashionMNIST = true
    #expect(throws: Never.self) { try c.validate() }

    var nb201 = StandaloneConfiguration(
      architecture:
        "|nor_conv_3x3~0|+|nor_conv_1x1~0|avg_pool_3x3~1|+|skip_connect~0|none~1|nor_conv_3x3~2|")
    nb201.auxiliaryWeight = 0.4
    #expect(throws: CairnError.invalidInput("--aux-weight applies to space darts only, not nb201"))
    {
      try nb201.validate()
    }
    nb201.auxiliaryWeight = nil
    nb201.dropPath = 0.2
    #expect(throws: CairnError.invalidInput("--drop-path applies to space darts only, not nb201")) {
      try nb201.validate()
    }
  }

  /// The DARTS options are left out of the hash when unset, and change it when set.
  @Test func dartsOptionsEnterTheProtocolHash() {
    let c = configuration()
    var other = c
    other.dropPath = 0.2
    #expect(c.protocolHash != other.protocolHash)
    other = c
    other.architecture = "x"
    #expect(c.protocolHash == other.protocolHash)
  }
}

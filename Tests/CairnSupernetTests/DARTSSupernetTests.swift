import CairnCore
import CairnData
import CairnEngine
import CairnNetworks
import CairnSpaces
import Foundation
import Testing

@testable import CairnSupernet
@testable import CairnTraining

/// The DARTS binding: its configuration section and refusals, and SPOS steps on its super-net with paths from
/// the space's sampler.
@Suite struct DARTSSupernetTests {
  func configuration() -> SupernetConfiguration {
    var c = SupernetConfiguration()
    c.space = .darts
    c.truth = "darts:cifar10_standalone_acc"
    c.supernet.channels = 4
    c.supernet.darts.cells = 3
    c.supernet.batchNormAffine = false
    c.training.sampleFrom = .space
    return c
  }

  @Test func theSupernetFollowsTheConfiguration() throws {
    var random = RandomStream(seed: 1)
    let network = try DARTSSupernet.makeSupernet(
      configuration(), classes: 10, inputChannels: 3, random: &random)
    #expect(network.cells.count == 3)
    #expect(network.shape.channels == 4 && network.auxiliaryHead == nil)
    #expect(network.cells.allSatisfy { $0.edges.count == DARTSCellLayout.edgeCount })
    #expect(network.stemNorm.scale == nil && network.stemNorm.runningMean == nil)
    #expect(SupernetRegistry.spaces.contains { $0.name == .darts })
  }

  @Test func refusalsNameTheKey() {
    let cases: [(String, (inout SupernetConfiguration) -> Void)] = [
      ("supernet.sharing", { $0.supernet.sharing = .perNode }),
      ("supernet.cells_per_stage", { $0.supernet.cellsPerStage = 2 }),
      ("training.sample_from", { $0.training.sampleFrom = .benchmark }),
      ("training.sampler fairnas", { $0.training.sampler = .fairnas }),
    ]
    for (key, change) in cases {
      var c = configuration()
      change(&c)
      #expect(throws: CairnError.self, "\(key)") { try DARTSSupernet.validate(c) }
      do {
        try DARTSSupernet.validate(c)
      } catch {
        #expect(error.description.contains(key), "\(error.description)")
      }
    }
    #expect(throws: Never.self) { try DARTSSupernet.validate(configuration()) }
  }

  /// Sections of other spaces are refused on load, and a DARTS run names where its ground truth comes from.
  @Test func sectionsAndTruthOfOtherSpacesAreRefused() throws {
    var c = configuration()
    c.supernet.nb101.outputInDegree = 3
    #expect(
      throws: CairnError.invalidInput(
        "supernet.nb101 applies to space nb101 only; remove it for darts")
    ) {
      try c.validate()
    }
    c = configuration()
    c.space = .nb201
    c.truth = "nb201:cifar10_test_acc_200ep"
    #expect(
      throws: CairnError.invalidInput(
        "supernet.darts applies to space darts only; remove it for nb201")
    ) {
      try c.validate()
    }
    let run = RunDirectory(NSTemporaryDirectory() + "cairn-never-\(UUID())")
    do {
      _ = try SupernetTrainer(configuration: configuration(), runDirectory: run)
      Issue.record("a DARTS super-net run without ground truth was accepted")
    } catch {
      #expect(error.description.contains("no shipped table"), "\(error.description)")
    }
  }

  /// Uniform single paths from the space's sampler: each step's loss is finite and SGD moves the weights of the
  /// path's ops.
  @Test func sposStepsTrainTheSupernet() throws {
    var random = RandomStream(seed: 2)
    let network = try DARTSSupernet.makeSupernet(
      configuration(), classes: 10, inputChannels: 3, random: &random)
    let sampler = try PathSampler(law: .uniform, space: DARTSSpace())
    let strategy = SinglePathStrategy<DARTSSupernet>(sampler: sampler)
    var state = strategy.initialState(seed: 3)
    let optimizer = SGD(
      parameters: network.namedParameters(), learningRate: 0.05, momentum: 0.9, weightDecay: 5e-4,
      nesterov: false)
    let before = network.classifier.weight.toArray()
    var seen: Set<String> = []
    for step in 0..<3 {
      optimizer.zeroGrad()
      var pixels = RandomStream(seed: UInt64(10 + step))
      let batch = Batch(
        images: (0..<(4 * 3 * 8 * 8)).map { _ in Float(pixels.normal()) }, labels: [0, 3, 5, 9],
        shape: [4, 3, 8, 8])
      let position = StepPosition(epoch: 0, step: step, stepsPerEpoch: 3, epochs: 1)
      let (loss, paths) = try strategy.trainStep(network, batch: batch, at: position, state: &state)
      #expect(loss.isFinite && paths.count == 1)
      #expect(DARTSSpace().isValid(paths[0]))
      seen.insert(DARTSSpace().identity(of: paths[0]))
      optimizer.step()
    }
    #expect(seen.count == 3)
    #expect(network.classifier.weight.toArray() != before)
  }

  /// DARTS on the DARTS space: α has a row per possible edge of each cell type, a mixed step trains the
  /// super-net, the architecture step moves α, and the derived architecture is a valid genotype.
  @Test func dartsRelaxesTheSpaceAndDerivesAGenotype() throws {
    var c = configuration()
    c.training.sampler = .darts
    c.differentiable.order = .first
    var random = RandomStream(seed: 4)
    let network = try DARTSSupernet.makeSupernet(
      c, classes: 10, inputChannels: 3, random: &random)
    let strategy = DARTSStrategy<DARTSSupernet>(
      warmup: SinglePathStrategy(sampler: try PathSampler(law: .uniform, space: DARTSSpace())),
      space: DARTSSpace(), decisions: DARTSSupernet.mixtureDecisions(for: c),
      derive: { DARTSSupernet.derive($0, configuration: c) }, settings: c.differentiable,
      unrolledLearningRate: 0.025, weightDecay: 3e-4,
      mixtureForward: try #require(DARTSSupernet.mixtureForward(network)))
    var state = strategy.initialState(seed: 1)
    #expect(state.architecture.alpha.count == 28 && state.architecture.alpha[0].count == 8)
    func batch(_ seed: UInt64) -> Batch {
      var pixels = RandomStream(seed: seed)
      return Batch(
        images: (0..<(4 * 3 * 8 * 8)).map { _ in Float(pixels.normal()) }, labels: [0, 3, 5, 9],
        shape: [4, 3, 8, 8])
    }
    let position = StepPosition(epoch: 0, step: 0, stepsPerEpoch: 1, epochs: 1)
    let (loss, paths) = try strategy.trainStep(
      network, batch: batch(1), at: position, state: &state)
    #expect(loss.isFinite && paths.count == 1)
    #expect(network.cells[0].edges[5].sepConv5x5?.namedParameters().first?.1.grad != nil)
    let before = state.architecture.alpha
    let gradient = try #require(
      strategy.architectureGradient(
        network, train: batch(1), validation: batch(2), alpha: state.architecture.alpha))
    try strategy.moveArchitecture(&state, gradient: gradient.gradient, loss: gradient.loss)
    #expect(state.architecture.alpha != before)
    let text = try #require(strategy.derivedArchitecture(state))
    let genotype = try DARTSGenotype(parsing: text)
    #expect(DARTSSpace().isValid(genotype))
    #expect(DARTSSpace().census(of: genotype).operations == 16)
  }
}

import CairnCore
import CairnData
import CairnEngine
import CairnNetworks
import CairnSpaces
import Foundation
import Testing

@testable import CairnSupernet
@testable import CairnTraining

/// The super-net step's path dropout and classifier dropout, and the warm-restart schedule.
@Suite struct TrainingRegularizationTests {
  @Test func pathDropoutChangesTheStepAndAdvancesTheSavedStream() throws {
    var random = RandomStream(seed: 21, name: "regularization network")
    let network = NB201Network.supernet(
      shape: NB201NetworkShape(channels: 4, cellsPerStage: 2, classes: 10, inputChannels: 3),
      random: &random)
    let values = (0..<(8 * 3 * 8 * 8)).map { _ in Float(random.normal()) }
    let batch = Batch(images: values, labels: [1, 7, 3, 3, 0, 2, 9, 4], shape: [8, 3, 8, 8])
    let sampler = try PathSampler(law: .uniform, space: NB201Space())
    let position = StepPosition(epoch: 0, step: 0, stepsPerEpoch: 1, epochs: 1)

    let plain = SinglePathStrategy<NB201Supernet>(sampler: sampler)
    var plainState = plain.initialState(seed: 3)
    let start = plainState.noiseRandom
    let (plainLoss, paths) = try plain.trainStep(
      network, batch: batch, at: position, state: &plainState)
    #expect(plainState.noiseRandom == start)  // p = 0 draws nothing

    for (pathDropout, dropout) in [(Float(0.5), Float(0)), (0, 0.5)] {
      let noisy = SinglePathStrategy<NB201Supernet>(
        sampler: sampler, pathDropout: pathDropout, classifierDropout: dropout)
      var state = noisy.initialState(seed: 3)
      let (loss, noisyPaths) = try noisy.trainStep(
        network, batch: batch, at: position, state: &state)
      #expect(noisyPaths == paths)
      #expect(state.noiseRandom != start)
      #expect(abs(loss - plainLoss) > 1e-4, "path \(pathDropout), dropout \(dropout)")
    }
  }

  /// A warm-up step (GDAS, DARTS) keeps the drop-path stream in its caller's state, so masks differ from step
  /// to step.
  @Test func warmupStepsAdvanceTheirNoiseStream() throws {
    var random = RandomStream(seed: 22, name: "regularization network")
    let network = NB201Network.supernet(
      shape: NB201NetworkShape(channels: 8, cellsPerStage: 2, classes: 10, inputChannels: 3),
      random: &random)
    let values = (0..<(4 * 3 * 8 * 8)).map { _ in Float(random.normal()) }
    let batch = Batch(images: values, labels: [1, 7, 3, 3], shape: [4, 3, 8, 8])
    let warmup = SinglePathStrategy<NB201Supernet>(
      sampler: try PathSampler(law: .uniform, space: NB201Space()), pathDropout: 0.5)
    let position = StepPosition(epoch: 0, step: 0, stepsPerEpoch: 1, epochs: 1)
    let start = warmup.initialState(seed: 4)
    var sampler = start.samplerRandom
    var noise = start.noiseRandom
    _ = try warmup.warmupStep(
      network, batch: batch, at: position, samplerRandom: &sampler, noiseRandom: &noise)
    let afterOne = noise
    _ = try warmup.warmupStep(
      network, batch: batch, at: position, samplerRandom: &sampler, noiseRandom: &noise)
    #expect(afterOne != start.noiseRandom && noise != afterOne)
  }

  @Test func cosineRestartsRestartAtTheStatedEpochs() {
    var configuration = SupernetConfiguration()
    configuration.training.epochs = 12
    configuration.training.schedule = .cosineRestarts
    configuration.training.restarts = 2
    let t = configuration.training
    let schedule = t.schedule.schedule(
      base: t.learningRate, minimum: t.minimumLearningRate, epochs: t.epochs,
      stepEpochs: t.stepEpochs, gamma: t.stepGamma, warmupEpochs: 0, restarts: t.restarts)
    for restart in [0.0, 4, 8] {
      #expect(abs(schedule.rate(at: restart) - t.learningRate) < 1e-7)
      #expect(abs(schedule.rate(at: restart + 3.999) - t.minimumLearningRate) < 1e-5)
    }
  }
}

/// A checkpoint written before keys were added still belongs to the configuration that has them at their defaults.
@Suite struct ConfigurationIdentityTests {
  func removing(_ keys: [String], fromTraining json: String) throws -> String {
    var object = try #require(
      try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    var training = try #require(object["training"] as? [String: Any])
    for key in keys { training[key] = nil }
    object["training"] = training
    return String(
      decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]),
      as: UTF8.self)
  }

  @Test func olderCheckpointsWithoutNewKeysMatchTheirDefaults() throws {
    var configuration = SupernetConfiguration()
    configuration.truth = "nb201:cifar10_test_acc_200ep"
    let identity = try ConfigurationIdentity(of: configuration)
    let older = try removing(
      ["pathDropout", "classifierDropout", "restarts"], fromTraining: identity.text)
    #expect(older != identity.text)
    #expect(identity.matches(identity.text))
    #expect(identity.matches(older))

    var changed = configuration
    changed.training.pathDropout = 0.2
    #expect(!(try ConfigurationIdentity(of: changed)).matches(older))
    changed = configuration
    changed.training.epochs = 7
    #expect(!identity.matches(try ConfigurationIdentity(of: changed).text))
    #expect(!identity.matches("not json"))
  }
}

@Suite struct ScoringBatchNormValidationTests {
  /// Recalibration needs layers that keep running statistics; the mismatch is refused when the file is read,
  /// not after training.
  @Test func recalibrationWithoutRunningStatisticsIsRefusedUpFront() throws {
    var configuration = tinySupernetConfiguration()
    configuration.evaluation.batchNorm = .recalibrated
    #expect(throws: CairnError.self) { try configuration.validate() }
    do {
      try configuration.validate()
    } catch {
      #expect(error.description.contains("supernet.batch_norm_tracks_running_statistics"))
    }
    configuration.supernet.batchNormTracksRunningStatistics = true
    try configuration.validate()
  }
}

@Suite struct NB101SlicingValidationTests {
  @Test func slicingFixedChannelsIsRefused() throws {
    var configuration = SupernetConfiguration()
    configuration.space = .nb101
    configuration.truth = "nb101:val_acc_108"
    configuration.supernet.channels = 8
    configuration.supernet.nb101.channelSlicing = .randomWindow
    try NB101Supernet.validate(configuration)
    configuration.supernet.nb101.vertexChannels = .fixed
    #expect(throws: CairnError.self) { try NB101Supernet.validate(configuration) }
  }
}

import CairnCore
import CairnData
import CairnEngine
import CairnNetworks
import CairnSpaces
import CairnTraining
import Foundation
import Testing

@testable import CairnSupernet

/// Each catalog heuristic's variant changes what the heuristic claims to change, seen in the run it configures:
/// the networks built, the schedule, the optimizer, the data, the sampler and the landmark weights. (Path
/// dropout, classifier dropout and label smoothing have their own tests of the step's loss.)
@Suite struct HeuristicEffectTests {
  func base() -> SupernetConfiguration {
    var c = tinySupernetConfiguration(landmarks: false)
    c.training.epochs = 4
    c.training.batchSize = 8
    return c
  }

  func variant(_ heuristic: SupernetHeuristic, _ name: String, of base: SupernetConfiguration)
    throws -> SupernetConfiguration
  {
    let variants = heuristic.variants(of: base, trainingImages: 5_438)
    return try #require(variants.first { $0.name == name }, "\(variants.map(\.name))").configuration
  }

  func run(_ configuration: SupernetConfiguration) throws -> SupernetRun<NB201Supernet> {
    try SupernetRun(
      configuration: configuration,
      directory: RunDirectory(NSTemporaryDirectory() + "cairn-heuristic-\(UUID())"))
  }

  func network(_ configuration: SupernetConfiguration) throws -> NB201Network {
    let run = try run(configuration)
    return try run.makeNetwork(try run.loadData())
  }

  @Test func batchNormSwitchesChangeTheLayers() throws {
    let plain = try network(base())
    #expect(plain.stemNorm.runningMean == nil && plain.stemNorm.scale != nil)
    let tracked = try network(try variant(.batchNormRunningStatistics, "tracked", of: base()))
    let before = try #require(tracked.stemNorm.runningMean).toArray()
    tracked.train(true)
    _ = tracked(
      Tensor(shape: [4, 3, 8, 8], values: (0..<768).map { Float($0 % 7) - 3 }),
      architecture: try NB201Architecture(code: 6111))
    #expect(try #require(tracked.stemNorm.runningMean).toArray() != before)
    let noAffine = try network(try variant(.batchNormAffine, "no-affine", of: base()))
    #expect(noAffine.stemNorm.scale == nil)
    #expect(noAffine.parameterCount < plain.parameterCount)
    let recalibrated = try run(try variant(.batchNormEvaluation, "recalibrated", of: base()))
    #expect(recalibrated.scoringBatchNorm == .recalibrated(batches: 10))
    #expect(try run(base()).scoringBatchNorm == .batchStatistics)
  }

  @Test func scheduleHeuristicsChangeTheLearningRates() throws {
    let c = base()
    let rate = { (configuration: SupernetConfiguration, t: Double) in
      try self.run(configuration).schedule.rate(at: t)
    }
    #expect(try rate(try variant(.learningRate, "x2", of: c), 0) == 2 * c.training.learningRate)
    #expect(
      try rate(try variant(.learningRateSchedule, "constant", of: c), 3) == c.training.learningRate)
    #expect(
      try rate(try variant(.learningRateSchedule, "cosine-restarts", of: c), 2)
        == c.training.learningRate)
    #expect(try rate(c, 2) < c.training.learningRate)
    #expect(try rate(try variant(.learningRateWarmup, "1-epochs", of: c), 0) == 0)
    #expect(try rate(try variant(.epochs, "x2", of: c), 4) > c.training.minimumLearningRate)
    #expect(abs(try rate(c, 4) - c.training.minimumLearningRate) < 1e-7)
  }

  @Test func optimizationAndFidelityHeuristicsChangeTheRun() throws {
    let c = base()
    let plain = try run(c)
    let decayed = try run(try variant(.weightDecay, "x2", of: c))
    #expect(
      decayed.makeOptimizer(try network(c)).weightDecay
        == 2 * plain.makeOptimizer(try network(c)).weightDecay)
    #expect(try variant(.batchSize, "x0.5", of: c).training.batchSize == 4)
    let wide = try network(try variant(.channels, "x2", of: c))
    #expect(wide.parameterCount > 3 * (try network(c)).parameterCount)
    let deep = try network(try variant(.depth, "x2", of: c))
    #expect(deep.layers.count == (try network(c)).layers.count + 3)
    let half = try run(try variant(.dataFraction, "x0.5", of: c))
    #expect(try half.loadData().all.count == 32)
    let collapsed = try network(try variant(.operationCollapsing, "per-node", of: c))
    #expect(collapsed.parameterCount < (try network(c)).parameterCount)
  }

  @Test func samplingAndWarmupHeuristicsChangeThePathsAndTheLandmarkWeight() throws {
    let fair = try variant(.fairNAS, "fairnas", of: base())
    #expect(fair.training.sampler == .fairnas)
    var random = RandomStream(seed: 1)
    let sampler = try PathSampler(law: .fairNAS, space: NB201Space())
    #expect(sampler.nextStep(using: &random).count == 5)
    var landmarks = tinySupernetConfiguration(landmarks: true)
    landmarks.training.epochs = 8
    landmarks.landmarks.warmupEpochs = 2
    let later = try run(try variant(.supernetWarmup, "x2", of: landmarks)).landmarkTerm()
    let earlier = try run(landmarks).landmarkTerm()
    #expect(earlier.weight(atEpoch: 3) > 0)
    #expect(later.weight(atEpoch: 3) == 0)
  }
}

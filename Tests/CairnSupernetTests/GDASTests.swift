import CairnCore
import CairnEngine
import CairnNetworks
import CairnSpaces
import CairnTraining
import Foundation
import Testing

@testable import CairnSupernet

@Suite(.serialized) struct GDASTests {
  func tinyNetwork() -> NB201Network {
    var random = RandomStream(seed: 11, name: "gdas test network")
    return NB201Network.supernet(
      shape: NB201NetworkShape(channels: 4, cellsPerStage: 1, classes: 10, inputChannels: 3),
      batchNorm: .supernet, sharing: .perEdge, random: &random)
  }

  /// The straight-through architecture gradient equals the finite-difference gradient of the surrogate in which
  /// every edge weight is h(α) = onehot(k) − p(α₀) + p(α), with the Gumbel noise and the sampled ops held fixed.
  @Test func architectureGradientMatchesFiniteDifferences() throws {
    let network = tinyNetwork()
    var random = RandomStream(seed: 2, name: "gdas test data")
    let images = Tensor(
      shape: [4, 3, 8, 8], values: (0..<(4 * 3 * 64)).map { _ in Float(random.normal()) })
    let labels: [Int32] = [1, 7, 3, 3]
    var parameters = GDASArchitecture(
      decisionSizes: NB201Space().decisionSizes, random: &random, adam: ArchitectureAdam.Settings())
    parameters.alpha = parameters.alpha.map { $0.map { _ in random.normal() } }
    let temperature = 2.0
    let gumbel = parameters.alpha.map { $0.map { _ in -log(-log(max(random.uniform(), 1e-9))) } }
    // Keep `none` out of the sample so that every edge output carries signal.
    var sample = parameters.sample(temperature: temperature, gumbel: gumbel)!
    while sample.choices.contains(0) {
      for edge in 0..<6 { parameters.alpha[edge][0] -= 1 }
      sample = parameters.sample(temperature: temperature, gumbel: gumbel)!
    }
    let ops = sample.choices
    let architecture = try NB201Architecture(opIDs: ops)
    let base = sample.probabilities

    let weights = DecisionWeights.gdasForward(count: 6)
    network(images, architecture: architecture, weights: weights)
      .softmaxCrossEntropy(labels: labels).backward()
    let g = weights.gradients
    let analytic = GDASArchitecture.gradient(
      of: sample, alpha: parameters.alpha, selected: g.selected, others: g.others)

    func surrogate(_ alpha: [[Double]]) -> Double {
      let p = GDASArchitecture.tempered(alpha, gumbel: gumbel, temperature: temperature)
      let selected = (0..<6).map { Float(1 + p[$0][ops[$0]] - base[$0][ops[$0]]) }
      let others = (0..<6).map { edge in
        Float((0..<5).filter { $0 != ops[edge] }.map { p[edge][$0] - base[edge][$0] }.reduce(0, +))
      }
      return withoutGradients {
        Double(
          network(
            images, architecture: architecture,
            weights: DecisionWeights(selected: selected, others: others)
          ).softmaxCrossEntropy(labels: labels).item)
      }
    }
    let epsilon = 1e-2
    var largest = 0.0
    for edge in 0..<6 {
      for op in 0..<5 {
        var plus = parameters.alpha
        var minus = parameters.alpha
        plus[edge][op] += epsilon
        minus[edge][op] -= epsilon
        let numeric = (surrogate(plus) - surrogate(minus)) / (2 * epsilon)
        largest = max(largest, abs(numeric))
        #expect(
          abs(numeric - analytic[edge][op]) <= 2e-3 + 0.05 * abs(numeric),
          "edge \(edge) op \(op): finite difference \(numeric), analytic \(analytic[edge][op])")
      }
    }
    #expect(largest > 1e-3, "the check needs gradients that are not all zero")
  }

  @Test func temperatureFallsLinearlyOverTheGDASEpochs() throws {
    var c = SupernetConfiguration()
    c.truth = "nb201:cifar10_test_acc_200ep"
    c.training.sampler = .gdas
    c.training.epochs = 5
    c.gdas.warmupEpochs = 1
    let strategy = GDASStrategy<NB201Supernet>(
      warmup: SinglePathStrategy(sampler: try PathSampler(law: .uniform, space: NB201Space())),
      space: NB201Space(), settings: c.gdas, epochs: c.training.epochs,
      weightedForward: { images, _, _ in images })
    #expect(strategy.temperature(atEpoch: 1) == 10)
    #expect(abs(strategy.temperature(atEpoch: 4) - 0.1) < 1e-12)
    #expect(abs(strategy.temperature(atEpoch: 2) - 6.7) < 1e-12)
    c.gdas.warmupEpochs = 5
    #expect(throws: CairnError.self) {
      try SupernetTrainer(
        configuration: c, runDirectory: RunDirectory(NSTemporaryDirectory() + "x"))
    }
  }

  @Test func adamMatchesItsDefinition() {
    var settings = ArchitectureAdam.Settings()
    settings.learningRate = 0.1
    var adam = ArchitectureAdam(settings: settings, shape: [[0]])
    var parameters = [[1.0]]
    adam.update(&parameters, gradient: [[2.0]])
    // g = 2 + 1e-3·1; the first bias-corrected step moves by lr·g/(|g| + ε) ≈ lr.
    #expect(abs(parameters[0][0] - (1 - 0.1 * 2.001 / (2.001 + 1e-8))) < 1e-12)
  }

  @Test func gdasTrainingLearnsAlphaAndResumesExactly() throws {
    var c = tinySupernetConfiguration(landmarks: false)
    c.seed = 3
    c.training.epochs = 3
    c.training.sampler = .gdas
    c.gdas.warmupEpochs = 1
    c.gdas.archLearningRate = 0.05
    c.evaluation.every = 3
    c.evaluation.poolSize = 4
    c.evaluation.topK = 2
    let straight = RunDirectory(NSTemporaryDirectory() + "gdas-\(UUID())")
    let result = try SupernetTrainer(configuration: c, runDirectory: straight).train()
    #expect(result.derivedArchitecture != nil)
    let events = straight.metricsLines().compactMap {
      try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
    }
    #expect(events[0]["gdas_architecture"] == nil)
    #expect(events[2]["gdas_temperature"] as? Double == 0.1)

    let interrupted = RunDirectory(NSTemporaryDirectory() + "gdas-\(UUID())")
    let first = try SupernetTrainer(configuration: c, runDirectory: interrupted)
    first.stopAfterSteps = 5  // inside epoch 3, with α being learned
    #expect(throws: RunInterrupted.self) { try first.train() }
    let resumed = try SupernetTrainer(configuration: c, runDirectory: interrupted).train()
    #expect(resumed.derivedArchitecture == result.derivedArchitecture)
    #expect(resumed.scores == result.scores)
    let state =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: straight.url.appendingPathComponent("result.json")))
      as? [String: Any]
    #expect(state?["derivedArchitecture"] as? String == result.derivedArchitecture)
  }
}

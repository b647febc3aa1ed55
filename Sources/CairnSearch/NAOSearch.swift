import CairnCore
import CairnSpaces

/// Neural Architecture Optimization on NB201 (Luo et al., NeurIPS 2018), as the landmark code drives it: score a
/// random seed pool, then for each iteration train the controller on the pool's min–max normalised scores, move
/// the embeddings of the best `topSeeds` architectures along the predictor's gradient, decode, score what is new,
/// and add it to the pool. Every scored architecture counts as one evaluation.
public struct NAOSearch: Sendable, Hashable {
  public var seedPool: Int
  public var iterations: Int
  public var proposalsPerIteration: Int
  public var topSeeds: Int
  public var controllerEpochs: Int
  public var maximumStep: Int

  public init(
    seedPool: Int = 100, iterations: Int = 3, proposalsPerIteration: Int = 100, topSeeds: Int = 100,
    controllerEpochs: Int = 200, maximumStep: Int = 50
  ) throws(CairnError) {
    guard seedPool >= 2, iterations >= 1, proposalsPerIteration >= 1, topSeeds >= 1,
      controllerEpochs >= 1, maximumStep >= 1
    else {
      throw .invalidInput(
        "NAO needs seed_pool >= 2 and iterations, proposals, top seeds, controller epochs and maximum step >= 1"
      )
    }
    guard seedPool <= NB201Architecture.cellCount else {
      throw .invalidInput(
        "the NAO seed pool (\(seedPool)) exceeds the \(NB201Architecture.cellCount) architectures")
    }
    self.seedPool = seedPool
    self.iterations = iterations
    self.proposalsPerIteration = proposalsPerIteration
    self.topSeeds = topSeeds
    self.controllerEpochs = controllerEpochs
    self.maximumStep = maximumStep
  }

  /// The most evaluations a run can use.
  public var budget: Int { seedPool + iterations * proposalsPerIteration }

  /// Runs the search; `evaluate` scores one architecture. Returns every evaluation in order.
  public func run(
    using random: inout RandomStream, evaluate: (NB201Architecture) throws -> Double
  ) throws -> [SearchEvaluation<NB201Architecture>] {
    let space = NB201Space()
    var evaluations: [SearchEvaluation<NB201Architecture>] = []
    for index in random.sample(seedPool, from: NB201Architecture.cellCount) {
      let architecture = try space.architecture(at: index)
      evaluations.append(
        SearchEvaluation(architecture: architecture, score: try evaluate(architecture)))
    }
    var controllerRandom = random.derived("nao controller")
    let controller = NAOController(random: &controllerRandom)
    for _ in 0..<iterations {
      let scores = evaluations.map(\.score)
      let low = scores.min()!
      let range = max(scores.max()! - low, 1e-12)
      controller.train(
        on: evaluations.map(\.architecture), scores: scores.map { ($0 - low) / range },
        epochs: controllerEpochs, using: &controllerRandom)
      let seeds = evaluations.sorted { $0.score > $1.score }.prefix(topSeeds).map(\.architecture)
      let proposals = controller.propose(
        from: Array(seeds), excluding: Set(evaluations.map(\.architecture)),
        maximumStep: maximumStep
      ).prefix(proposalsPerIteration)
      guard !proposals.isEmpty else { break }
      for architecture in proposals {
        evaluations.append(
          SearchEvaluation(architecture: architecture, score: try evaluate(architecture)))
      }
    }
    return evaluations
  }
}

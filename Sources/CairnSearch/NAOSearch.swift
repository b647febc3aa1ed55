import CairnCore
import CairnSpaces

/// Neural Architecture Optimization (Luo et al., NeurIPS 2018) on any space with a choice encoding, as the
/// landmark code drives it: score a seed pool of `seedPool` distinct random architectures, then for each
/// iteration train the controller on the pool's min–max normalised scores, move the embeddings of the best
/// `topSeeds` architectures along the predictor's gradient, decode, score what is new (up to
/// `proposalsPerIteration`), and add it to the pool. Every scored architecture counts as one evaluation, and no
/// architecture (by its choices) is scored twice.
public struct NAOSearch: Sendable, Hashable {
  public var seedPool: Int
  public var iterations: Int
  public var proposalsPerIteration: Int
  public var topSeeds: Int
  public var controllerEpochs: Int
  public var maximumStep: Int

  /// Checks the settings; throws `CairnError.invalidInput` naming the rule when one is out of range. Whether the
  /// space holds `seedPool` distinct architectures is checked by `run`.
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
    self.seedPool = seedPool
    self.iterations = iterations
    self.proposalsPerIteration = proposalsPerIteration
    self.topSeeds = topSeeds
    self.controllerEpochs = controllerEpochs
    self.maximumStep = maximumStep
  }

  /// The most evaluations a run can use.
  public var budget: Int { seedPool + iterations * proposalsPerIteration }

  /// Runs the search in `space`; `evaluate` scores one architecture (higher is better). Returns every evaluation
  /// in order: the seed pool, then each iteration's proposals.
  ///
  /// Throws `CairnError.invalidInput` when the space cannot supply `seedPool` distinct architectures (see
  /// `ChoiceEncoding.sampleDistinct`) or a score is not finite, and whatever `evaluate` throws.
  public func run<Space: ChoiceEncoding>(
    in space: Space, using random: inout RandomStream,
    evaluate: (Space.Architecture) throws -> Double
  ) throws -> [SearchEvaluation<Space.Architecture>] {
    var evaluations: [SearchEvaluation<Space.Architecture>] = []
    func score(_ architecture: Space.Architecture) throws {
      let value = try evaluate(architecture)
      guard value.isFinite else {
        throw CairnError.invalidInput(
          "NAO needs finite scores; \(space.format(architecture)) scored \(value)")
      }
      evaluations.append(SearchEvaluation(architecture: architecture, score: value))
    }
    for architecture in try space.sampleDistinct(seedPool, using: &random) {
      try score(architecture)
    }
    var controllerRandom = random.derived("nao controller")
    let controller = try NAOController(space: space, random: &controllerRandom)
    for _ in 0..<iterations {
      let scores = evaluations.map(\.score)
      let low = scores.min() ?? 0
      let range = max((scores.max() ?? 0) - low, 1e-12)
      try controller.train(
        on: evaluations.map(\.architecture), scores: scores.map { ($0 - low) / range },
        epochs: controllerEpochs, using: &controllerRandom)
      let seeds = evaluations.sorted { $0.score > $1.score }.prefix(topSeeds).map(\.architecture)
      let proposals = controller.propose(
        from: Array(seeds), excluding: evaluations.map(\.architecture), maximumStep: maximumStep
      ).prefix(proposalsPerIteration)
      guard !proposals.isEmpty else { break }
      for architecture in proposals { try score(architecture) }
    }
    return evaluations
  }
}

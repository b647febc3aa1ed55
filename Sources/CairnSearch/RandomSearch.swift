import CairnCore
import CairnSpaces

/// Random search: `budget` architectures drawn uniformly (with replacement) from the space, each scored once;
/// the best score wins.
public struct RandomSearch: Sendable, Hashable {
  public var budget: Int

  public init(budget: Int = 1000) throws(CairnError) {
    guard budget >= 1 else {
      throw .invalidInput("the search budget must be at least 1, got \(budget)")
    }
    self.budget = budget
  }

  /// Runs the search; `evaluate` scores one architecture. Returns every evaluation in order.
  public func run<Space: SearchSpace>(
    in space: Space, using random: inout RandomStream,
    evaluate: (Space.Architecture) throws -> Double
  ) rethrows -> [SearchEvaluation<Space.Architecture>] {
    var evaluations: [SearchEvaluation<Space.Architecture>] = []
    evaluations.reserveCapacity(budget)
    for _ in 0..<budget {
      let architecture = space.sample(using: &random)
      evaluations.append(
        SearchEvaluation(architecture: architecture, score: try evaluate(architecture)))
    }
    return evaluations
  }
}

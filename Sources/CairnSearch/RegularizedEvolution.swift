import CairnCore
import CairnSpaces

/// Regularized ("aging") evolution (Real et al., AAAI 2019), as NAS-Bench-201 runs it.
///
/// The population starts as `population` random architectures. Each cycle draws `tournament` members uniformly
/// without replacement, mutates the best of them (the space's mutation law) into a child, scores the child, adds it
/// and removes the *oldest* member. Every scored architecture counts against `budget`, the initial population
/// included; an architecture seen before counts again (a score cache makes it free, not uncounted).
public struct RegularizedEvolution: Sendable, Hashable {
  public var population: Int
  public var tournament: Int
  public var budget: Int

  public init(population: Int = 50, tournament: Int = 10, budget: Int = 1000) throws(CairnError) {
    guard population >= 1 else {
      throw .invalidInput("the population must hold at least 1 architecture, got \(population)")
    }
    guard tournament >= 1 && tournament <= population else {
      throw .invalidInput(
        "the tournament size must be in 1...population (\(population)), got \(tournament)")
    }
    guard budget >= population else {
      throw .invalidInput(
        "the budget (\(budget)) must cover the initial population (\(population))")
    }
    self.population = population
    self.tournament = tournament
    self.budget = budget
  }

  /// Runs the search; `evaluate` scores one architecture. Returns every evaluation in order.
  public func run<Space: SearchSpace>(
    in space: Space, using random: inout RandomStream,
    evaluate: (Space.Architecture) throws -> Double
  ) rethrows -> [SearchEvaluation<Space.Architecture>] {
    var evaluations: [SearchEvaluation<Space.Architecture>] = []
    evaluations.reserveCapacity(budget)
    var members: [SearchEvaluation<Space.Architecture>] = []  // oldest first
    for _ in 0..<population {
      let architecture = space.sample(using: &random)
      let member = SearchEvaluation(architecture: architecture, score: try evaluate(architecture))
      members.append(member)
      evaluations.append(member)
    }
    while evaluations.count < budget {
      let contestants = random.sample(tournament, from: members.count).map { members[$0] }
      // The first of the highest scores wins, so ties resolve by draw order.
      var parent = contestants[0]
      for contestant in contestants.dropFirst() where contestant.score > parent.score {
        parent = contestant
      }
      let child = space.mutate(parent.architecture, using: &random)
      let member = SearchEvaluation(architecture: child, score: try evaluate(child))
      members.append(member)
      members.removeFirst()
      evaluations.append(member)
    }
    return evaluations
  }
}

import CairnCore
import CairnRanking
import CairnSpaces
import Foundation
import Testing

@testable import CairnSearch

@Suite struct NAOTests {
  /// A synthetic ground truth: a value per op summed over the edges, plus a bonus for a 3x3 conv on the last edge.
  static func synthetic(_ architecture: NB201Architecture) -> Double {
    let value: [Double] = [0, 0.3, 0.6, 1, 0.2]
    let ops = architecture.opIDs
    return ops.map { value[$0] }.reduce(0, +) + (ops[5] == 3 ? 0.5 : 0)
  }

  func sample(_ count: Int, seed: UInt64) throws -> [NB201Architecture] {
    var random = RandomStream(seed: seed, name: "nao test architectures")
    return try random.sample(count, from: NB201Architecture.cellCount).map {
      try NB201Space().architecture(at: $0)
    }
  }

  @Test func predictorLearnsASyntheticRankingAndTheDecoderReconstructs() throws {
    let space = NB201Space()
    let train = try sample(300, seed: 1)
    let heldOut = try sample(500, seed: 2)
    let scores = train.map(Self.synthetic)
    let low = scores.min()!
    let high = scores.max()!
    var random = RandomStream(seed: 0, name: "nao test controller")
    let controller = try NAOController(space: space, random: &random)
    try controller.train(
      on: train, scores: scores.map { ($0 - low) / (high - low) }, epochs: 150, using: &random)
    let tau = try #require(
      kendallTauB(
        controller.predictedScores(heldOut), heldOut.map(Self.synthetic)))
    #expect(tau > 0.8, "held-out Kendall tau \(tau)")
    let decoded = controller.decodeChoices(controller.encode(train))
    let correct = zip(decoded, train).map { a, b in zip(a, b.opIDs).filter { $0 == $1 }.count }
      .reduce(0, +)
    #expect(Double(correct) / Double(train.count * 6) > 0.95)

    // Moving along the predictor's gradient proposes new architectures that are better than their seeds.
    let seeds = Array(heldOut.prefix(50))
    let proposals = controller.propose(from: seeds, excluding: train, maximumStep: 50)
    #expect(proposals.count >= 25)
    #expect(Set(proposals).isDisjoint(with: Set(train)))
    let mean = { (list: [NB201Architecture]) in
      list.map(Self.synthetic).reduce(0, +) / Double(list.count)
    }
    #expect(
      mean(proposals) > mean(seeds) + 0.3, "proposals \(mean(proposals)), seeds \(mean(seeds))")
  }

  @Test func naoSearchImprovesOnItsSeedPool() throws {
    let search = try NAOSearch(
      seedPool: 40, iterations: 2, proposalsPerIteration: 20, topSeeds: 20, controllerEpochs: 100)
    var random = RandomStream(seed: 5, name: "nao search test")
    let evaluations = try search.run(in: NB201Space(), using: &random) { Self.synthetic($0) }
    #expect(evaluations.count > 40 && evaluations.count <= search.budget)
    #expect(Set(evaluations.map(\.architecture)).count == evaluations.count)
    let seedBest = evaluations.prefix(40).map(\.score).max()!
    let proposedMean =
      evaluations.dropFirst(40).map(\.score).reduce(0, +) / Double(evaluations.count - 40)
    let seedMean = evaluations.prefix(40).map(\.score).reduce(0, +) / 40
    #expect(
      proposedMean > seedMean, "proposed \(proposedMean), seed pool \(seedMean) (best \(seedBest))")
  }

  @Test func settingsAndScoresAreChecked() throws {
    #expect(throws: CairnError.self) { try NAOSearch(seedPool: 1) }
    #expect(throws: CairnError.self) { try NAOSearch(maximumStep: 0) }
    // More seeds than NB201 has cells: refused before anything is scored.
    let tooMany = try NAOSearch(seedPool: NB201Architecture.cellCount + 1)
    var random = RandomStream(seed: 0, name: "nao settings")
    var scored = 0
    #expect(throws: CairnError.self) {
      _ = try tooMany.run(in: NB201Space(), using: &random) { _ in
        scored += 1
        return 0
      }
    }
    #expect(scored == 0)
    // A score that is not finite stops the search with a message naming the architecture.
    let search = try NAOSearch(seedPool: 4, iterations: 1, proposalsPerIteration: 1, topSeeds: 1)
    #expect(throws: CairnError.self) {
      _ = try search.run(in: NB201Space(), using: &random) { _ in .nan }
    }
    let controller = try NAOController(space: NB201Space(), random: &random)
    let cells = try sample(3, seed: 9)
    #expect(throws: CairnError.self) {
      try controller.train(on: cells, scores: [0, 1], epochs: 1, using: &random)
    }
    #expect(throws: CairnError.self) {
      try controller.train(on: cells, scores: [0, .infinity, 1], epochs: 1, using: &random)
    }
  }
}

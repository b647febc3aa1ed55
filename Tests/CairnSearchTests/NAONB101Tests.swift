import CairnCore
import CairnEngine
import CairnRanking
import CairnSpaces
import Testing

@testable import CairnSearch

/// NAO on NAS-Bench-101, where many choice lists (too many edges, no input→output path) are not cells.
@Suite struct NAONB101Tests {
  let space = NB101Space()

  /// A synthetic ground truth linear in the choices: a fixed weight per edge bit (some negative) and a value per
  /// interior op (conv3x3 0.6, conv1x1 0.3, maxpool 0).
  static func synthetic(_ choices: [Int]) -> Double {
    let opValue = [0.6, 0.3, 0]
    var total = 0.0
    for (position, choice) in choices.enumerated() {
      if position < NB101Space.edgeSpots {
        total += Double(choice) * (Double((position * 7) % 5) - 1.5) * 0.2
      } else {
        total += opValue[choice]
      }
    }
    return total
  }

  func score(_ architecture: NB101Architecture) -> Double {
    Self.synthetic(space.choices(of: architecture))
  }

  func cells(_ count: Int, seed: UInt64) throws -> [NB101Architecture] {
    var random = RandomStream(seed: seed, name: "nao nb101 cells")
    return try space.sampleDistinct(count, using: &random)
  }

  @Test func predictorRanksHeldOutCellsAndDecodingYieldsOnlyValidCells() throws {
    let train = try cells(200, seed: 1)
    let heldOut = try cells(200, seed: 2)
    let scores = train.map(score)
    let low = scores.min()!
    let high = scores.max()!
    var random = RandomStream(seed: 0, name: "nao nb101 controller")
    let controller = try NAOController(space: space, random: &random)
    #expect(controller.decisionCount == 26)
    try controller.train(
      on: train, scores: scores.map { ($0 - low) / (high - low) }, epochs: 100, using: &random)
    let tau = try #require(kendallTauB(controller.predictedScores(heldOut), heldOut.map(score)))
    #expect(tau > 0.8, "held-out Kendall tau \(tau)")

    // Decoding the training cells reconstructs most choices (chance is about 0.47: 21 bits and 5 ternary ops).
    let decoded = controller.decodeChoices(controller.encode(train))
    let correct = zip(decoded, train).map { choices, cell in
      zip(choices, space.choices(of: cell)).filter { $0 == $1 }.count
    }.reduce(0, +)
    #expect(Double(correct) / Double(train.count * 26) > 0.7)

    // Far-away embeddings decode to choice lists the space often rejects: those decode to nil, never to an
    // invalid cell, and a cell exactly when the space accepts the choices.
    var noise = RandomStream(seed: 3, name: "nao nb101 embeddings")
    let far = Tensor(
      shape: [200, controller.embeddingSize],
      values: (0..<(200 * controller.embeddingSize)).map { _ in Float(noise.normal() * 20) })
    let farChoices = controller.decodeChoices(far)
    let farCells = controller.decode(far)
    for (choices, cell) in zip(farChoices, farCells) {
      #expect(zip(choices, space.decisionSizes).allSatisfy { (0..<$1).contains($0) })
      let accepted = try? space.architecture(choices: choices)
      #expect(cell == accepted)
      if let cell { #expect(space.isValid(cell)) }
    }
    #expect(farCells.contains(nil), "expected some rejected choice lists among far-away embeddings")

    // Proposals are valid, new, and better than their seeds on average.
    let seeds = Array(heldOut.prefix(40))
    let proposals = controller.propose(from: seeds, excluding: train + seeds, maximumStep: 30)
    #expect(proposals.count >= 20)
    #expect(proposals.allSatisfy(space.isValid))
    let known = Set((train + seeds).map(space.choices(of:)))
    #expect(proposals.allSatisfy { !known.contains(space.choices(of: $0)) })
    let mean = { (list: [NB101Architecture]) in list.map(score).reduce(0, +) / Double(list.count) }
    #expect(mean(proposals) > mean(seeds), "proposals \(mean(proposals)), seeds \(mean(seeds))")
  }

  @Test func naoSearchRunsEndToEndAndReturnsValidCells() throws {
    let search = try NAOSearch(
      seedPool: 30, iterations: 2, proposalsPerIteration: 10, topSeeds: 15, controllerEpochs: 30,
      maximumStep: 20)
    var random = RandomStream(seed: 7, name: "nao nb101 search")
    var scored: [NB101Architecture] = []
    let evaluations = try search.run(in: space, using: &random) { architecture in
      scored.append(architecture)
      return score(architecture)
    }
    #expect(evaluations.map(\.architecture) == scored)
    #expect(evaluations.count > 30 && evaluations.count <= search.budget)
    #expect(evaluations.allSatisfy { space.isValid($0.architecture) })
    #expect(Set(evaluations.map { space.choices(of: $0.architecture) }).count == evaluations.count)
    #expect(evaluations.allSatisfy { $0.score == score($0.architecture) })

    // The same seed replays the same search.
    var again = RandomStream(seed: 7, name: "nao nb101 search")
    let replay = try search.run(in: space, using: &again) { score($0) }
    #expect(replay == evaluations)
  }
}

import CairnCore
import CairnSpaces
import Testing

@testable import CairnSearch

/// A two-decision space of three cells: choices (1, 1) are not a cell.
struct ThreeCellSpace: ChoiceEncoding {
  typealias Architecture = [Int]
  var name: String { "three" }
  var decisions: [Decision] {
    [
      Decision(size: 2, kind: .operation, name: "first"),
      Decision(size: 2, kind: .connection, name: "second"),
    ]
  }
  func isValid(_ architecture: [Int]) -> Bool { architecture != [1, 1] }
  func sample(using random: inout RandomStream) -> [Int] {
    while true {
      let cell = [random.int(below: 2), random.int(below: 2)]
      if isValid(cell) { return cell }
    }
  }
  func mutate(_ architecture: [Int], using random: inout RandomStream) -> [Int] {
    sample(using: &random)
  }
  func neighbors(of architecture: [Int]) -> [[Int]] { [] }
  func encode(_ architecture: [Int]) -> [Int] { architecture }
  func parse(_ text: String) throws(CairnError) -> [Int] { throw .invalidInput("no text form") }
  func format(_ architecture: [Int]) -> String { "\(architecture)" }
  func choices(of architecture: [Int]) -> [Int] { architecture }
  func architecture(choices: [Int]) throws(CairnError) -> [Int] {
    try checkChoices(choices)
    guard isValid(choices) else { throw .invalidInput("\(choices) is not a cell") }
    return choices
  }
}

@Suite struct SeedPoolTests {
  @Test func drawsDistinctArchitecturesOrGivesUpWithAnError() throws {
    var random = RandomStream(seed: 1, name: "seed pool")
    let three = try ThreeCellSpace().sampleDistinct(3, using: &random)
    #expect(Set(three).count == 3)
    #expect(ThreeCellSpace().choiceListCount == 4)
    // Four choice lists exist but only three cells: the draws run out.
    #expect(throws: CairnError.self) { try ThreeCellSpace().sampleDistinct(4, using: &random) }
    // More than the choice lists: refused without drawing.
    #expect(throws: CairnError.self) { try ThreeCellSpace().sampleDistinct(5, using: &random) }
    #expect(throws: CairnError.self) {
      try NB201Space().sampleDistinct(50, maximumDraws: 10, using: &random)
    }
    #expect(NB101Space().choiceListCount == (1 << 21) * 243)
  }

  @Test func naoSearchWorksOnAnySpaceWithAChoiceEncoding() throws {
    // Three cells in all: the seed pool takes two, and NAO can propose at most the third.
    let search = try NAOSearch(
      seedPool: 2, iterations: 2, proposalsPerIteration: 5, topSeeds: 2, controllerEpochs: 5)
    var random = RandomStream(seed: 2, name: "nao three cells")
    let evaluations = try search.run(in: ThreeCellSpace(), using: &random) {
      Double($0.reduce(0, +))
    }
    #expect(evaluations.count >= 2 && evaluations.count <= 3)
    #expect(Set(evaluations.map(\.architecture)).count == evaluations.count)
    #expect(!evaluations.map(\.architecture).contains([1, 1]))
    let seedPool = try NAOSearch(seedPool: 4, iterations: 1, proposalsPerIteration: 1, topSeeds: 1)
    #expect(throws: CairnError.self) {
      _ = try seedPool.run(in: ThreeCellSpace(), using: &random) { _ in 0 }
    }
  }
}

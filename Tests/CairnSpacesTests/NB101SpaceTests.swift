import CairnCore
import CairnSpaces
import Foundation
import Testing

@Suite struct NB101SpaceTests {
  let space = NB101Space()

  /// input -> 1 -> 2 -> output and input -> output.
  static let small = "0110001000010000:input|conv3x3-bn-relu|maxpool3x3|output"

  @Test func parsesFormatsAndEncodesAsJSON() throws {
    let cell = try space.parse(Self.small)
    #expect(cell.vertexCount == 4)
    #expect(cell.matrix == [[0, 1, 1, 0], [0, 0, 1, 0], [0, 0, 0, 1], [0, 0, 0, 0]])
    #expect(cell.edgeCount == 4)
    #expect(space.format(cell) == Self.small)
    let json = try JSONEncoder().encode(cell)
    #expect(try JSONDecoder().decode(NB101Architecture.self, from: json) == cell)
  }

  static let malformed: [(text: String, problem: String)] = [
    ("0110001000010000", "is not of the form"),
    (
      "011000100001000:input|conv3x3-bn-relu|maxpool3x3|output",
      "has 15 adjacency bits for 4 ops; expected 16"
    ),
    ("0110001000010020:input|conv3x3-bn-relu|maxpool3x3|output", "adjacency character '2'"),
    ("0110001000010000:input|conv3x3|maxpool3x3|output", "unknown op 'conv3x3'"),
    (
      "0110101000010000:input|conv3x3-bn-relu|maxpool3x3|output",
      "edge 1->0 on or below the diagonal"
    ),
    (
      "0110001000010000:conv1x1-bn-relu|conv3x3-bn-relu|maxpool3x3|output",
      "must start with input and end with output"
    ),
    ("0110001000010000:input|output|maxpool3x3|output", "vertex 1 has op 'output'"),
    ("0:input", "has 1 vertices"),
    (
      String(repeating: "0", count: 64) + ":input" + String(repeating: "|maxpool3x3", count: 6)
        + "|output", "has 8 vertices"
    ),
  ]

  @Test(arguments: malformed)
  func rejectsMalformedText(text: String, problem: String) {
    do {
      let cell = try space.parse(text)
      Issue.record("accepted malformed '\(text)' as \(cell)")
    } catch {
      #expect(error.description.contains(problem), "\(error.description)")
      #expect(error.description.contains("'\(text)'"), "\(error.description)")
    }
  }

  @Test func validityFollowsTheBenchmark() throws {
    #expect(try space.isValid(space.parse(Self.small)))
    // No path from input to output.
    #expect(
      try !space.isValid(space.parse("0100000000010000:input|conv3x3-bn-relu|maxpool3x3|output")))
    // A complete DAG on 7 vertices has 21 edges.
    var full = [[Int]](repeating: [Int](repeating: 0, count: 7), count: 7)
    for i in 0..<7 { for j in (i + 1)..<7 { full[i][j] = 1 } }
    let dense = try NB101Architecture(
      matrix: full, ops: [.input] + [NB101Op](repeating: .conv1x1, count: 5) + [.output])
    #expect(!space.isValid(dense))
    // Ten edges, but two end in vertex 5, which reaches nothing: eight remain after pruning.
    var matrix = [
      [0, 1, 1, 1, 1, 1, 0],
      [0, 0, 0, 0, 0, 1, 1],
      [0, 0, 0, 0, 0, 0, 1],
      [0, 0, 0, 0, 0, 0, 1],
      [0, 0, 0, 0, 0, 0, 1],
      [0, 0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0, 0],
    ]
    let ops: [NB101Op] = [.input, .conv3x3, .conv1x1, .maxPool3x3, .conv3x3, .conv1x1, .output]
    let dangling = try NB101Architecture(matrix: matrix, ops: ops)
    #expect(dangling.edgeCount == 10)
    #expect(dangling.pruned()?.edgeCount == 8)
    #expect(space.isValid(dangling))
    // With 5 -> output every one of eleven edges is on a path.
    matrix[5][6] = 1
    #expect(try !space.isValid(NB101Architecture(matrix: matrix, ops: ops)))
  }

  @Test func proposalFlipsEdgesAndOpsAtTheOfficialRates() throws {
    let parent = try space.parse(Self.small).padded()
    var random = RandomStream(seed: 21, name: "nb101-mutation")
    let draws = 20_000
    var edgeFlips = 0
    var opChanges = 0
    var ops = [Int](repeating: 0, count: 3)
    for _ in 0..<draws {
      let child = space.proposeMutation(of: parent, using: &random)
      let a = space.encode(parent)
      let b = space.encode(child)
      edgeFlips += zip(a.prefix(21), b.prefix(21)).filter { $0 != $1 }.count
      for (x, y) in zip(a.suffix(5), b.suffix(5)) where x != y {
        opChanges += 1
        ops[y] += 1
      }
    }
    #expect(abs(Double(edgeFlips) / Double(draws * 21) - 1.0 / 7) < 0.005)
    #expect(abs(Double(opChanges) / Double(draws * 5) - 1.0 / 5) < 0.005)
    // The padded parent's interior ops are conv3x3 (0) x4 and maxpool (2) x1; a changed op is one of the other two.
    #expect(abs(Double(ops[1]) / Double(opChanges) - 0.5) < 0.02)
  }

  @Test func mutationAndSamplingGiveValidCellsDeterministically() throws {
    func run(_ seed: UInt64) -> [NB101Architecture] {
      var random = RandomStream(seed: seed, name: "nb101")
      var cell = space.sample(using: &random)
      var trail = [cell]
      for _ in 0..<200 {
        cell = space.mutate(cell, using: &random)
        trail.append(cell)
      }
      return trail
    }
    let trail = run(4)
    #expect(trail.allSatisfy { space.isValid($0) && $0.vertexCount == 7 })
    #expect(trail == run(4))
    #expect(trail != run(5))
    #expect(Set(trail.compactMap(\.moduleHash)).count > 50)
    let frozen = NB101Space(mutationRate: 0)
    var random = RandomStream(seed: 1)
    #expect(
      try frozen.mutate(space.parse(Self.small), using: &random) == space.parse(Self.small).padded()
    )
  }

  @Test func neighborsAreSingleChangesOfTheSevenVertexForm() throws {
    let cell = try space.parse(Self.small)
    let neighbors = space.neighbors(of: cell)
    #expect(Set(neighbors).count == neighbors.count)
    #expect(neighbors.allSatisfy { space.isValid($0) })
    for n in neighbors { #expect(space.hammingDistance(cell, n) == 1) }
    // 21 edge flips and 10 op changes, less the invalid ones: here only removing 2->6, the one edge into the
    // output, which leaves no path.
    #expect(neighbors.count == 30)
  }

  @Test func encodingIsTwentyOneBitsThenFiveOps() throws {
    let code = try space.encode(space.parse(Self.small))
    #expect(code.count == 26)
    // Edges of the padded cell: 0->1, 0->2, 1->2, and 2->6 (the output moved to vertex 6).
    var bits = [Int](repeating: 0, count: 21)
    for (i, j) in [(0, 1), (0, 2), (1, 2), (2, 6)] {
      bits[i * 7 - i * (i + 1) / 2 + (j - i - 1)] = 1
    }
    #expect(Array(code.prefix(21)) == bits)
    #expect(Array(code.suffix(5)) == [0, 2, 0, 0, 0])
  }
}

@Suite struct NB101ChoiceEncodingTests {
  @Test func choicesRoundTripOnSevenVertexCells() throws {
    let space = NB101Space()
    #expect(space.decisions.count == 26)
    #expect(space.decisions.prefix(21).allSatisfy { $0.size == 2 && $0.kind == .connection })
    #expect(space.decisions.suffix(5).allSatisfy { $0.size == 3 && $0.kind == .operation })
    var random = RandomStream(seed: 3)
    for _ in 0..<200 {
      let cell = space.sample(using: &random)
      let choices = space.choices(of: cell)
      #expect(choices == space.encode(cell))
      let back = try space.architecture(choices: choices)
      #expect(back == cell.padded())
      #expect(back.moduleHash == cell.moduleHash)
    }
  }

  @Test func rejectsMalformedAndInvalidChoices() throws {
    let space = NB101Space()
    #expect(throws: CairnError.self) { try space.architecture(choices: [1, 0]) }
    var choices = [Int](repeating: 0, count: 26)
    // No edges: the input does not reach the output.
    #expect(throws: CairnError.self) { try space.architecture(choices: choices) }
    choices[5] = 1  // edge 0->6, the input straight to the output
    #expect(try space.architecture(choices: choices).pruned()?.vertexCount == 2)
    choices[21] = 3
    #expect(throws: CairnError.self) { try space.architecture(choices: choices) }
    choices[21] = 0
    choices[0] = 2
    #expect(throws: CairnError.self) { try space.architecture(choices: choices) }
    // Every edge: far more than 9.
    #expect(throws: CairnError.self) {
      try space.architecture(choices: [Int](repeating: 1, count: 21) + [0, 0, 0, 0, 0])
    }
  }
}

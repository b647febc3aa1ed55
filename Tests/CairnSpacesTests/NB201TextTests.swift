import CairnCore
import CairnSpaces
import Foundation
import Testing

@Suite struct NB201TextTests {
  let space = NB201Space()
  static let valid =
    "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|"

  @Test func opIDsFollowTheBenchmarkOrder() {
    #expect(NB201Op.allCases.map(\.id) == [0, 1, 2, 3, 4])
    #expect(
      NB201Op.allCases.map(\.rawValue) == [
        "none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3",
      ])
    #expect(NB201Op(id: 3) == .conv3x3)
    #expect(NB201Op(id: 5) == nil)
    #expect(throws: CairnError.self) { try NB201Op(name: "conv_3x3") }
  }

  @Test func parsesAndFormatsTheOfficialString() throws {
    let cell = try space.parse(Self.valid)
    #expect(cell.ops == [.conv3x3, .conv3x3, .avgPool3x3, .skipConnect, .conv3x3, .skipConnect])
    #expect(cell.op(from: 1, to: 2) == .avgPool3x3)
    #expect(space.format(cell) == Self.valid)
    #expect(cell.description == Self.valid)
  }

  @Test func roundTripsEveryCell() throws {
    for code in 0..<NB201Architecture.cellCount {
      let cell = try NB201Architecture(code: code)
      let text = cell.archString
      #expect(try NB201Architecture(parsing: text) == cell)
      #expect(try NB201Architecture(opIDs: cell.opIDs) == cell)
    }
  }

  @Test func codesAreBaseFiveWithEdgeZeroFirst() throws {
    let cell = try NB201Architecture(opIDs: [4, 2, 1, 2, 1, 1])
    #expect(cell.code == 4 * 3125 + 2 * 625 + 1 * 125 + 2 * 25 + 1 * 5 + 1)
    #expect(throws: CairnError.self) { try NB201Architecture(code: 15_625) }
    #expect(throws: CairnError.self) { try NB201Architecture(opIDs: [0, 1, 2, 3, 4]) }
    #expect(throws: CairnError.self) { try NB201Architecture(opIDs: [0, 1, 2, 3, 4, 5]) }
  }

  @Test func encodesAsTheOfficialStringInJSON() throws {
    let cell = try space.parse(Self.valid)
    let data = try JSONEncoder().encode([cell])
    #expect(String(decoding: data, as: UTF8.self) == "[\"\(Self.valid)\"]")
    #expect(try JSONDecoder().decode([NB201Architecture].self, from: data) == [cell])
    #expect(throws: DecodingError.self) {
      try JSONDecoder().decode([NB201Architecture].self, from: Data("[\"|none~0|\"]".utf8))
    }
  }

  static let malformed: [(text: String, problem: String)] = [
    ("", "empty NB201 architecture"),
    ("|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|", "has 2 nodes"),
    (valid + "+|none~0|", "has 4 nodes"),
    ("|conv_3x3~0|+|none~0|none~1|+|none~0|none~1|none~2|", "unknown op 'conv_3x3'"),
    ("|None~0|+|none~0|none~1|+|none~0|none~1|none~2|", "unknown op 'None'"),
    ("|none~1|+|none~0|none~1|+|none~0|none~1|none~2|", "has input '1'; expected 0"),
    ("|none~0|+|none~0|none~2|+|none~0|none~1|none~2|", "has input '2'; expected 1"),
    ("|none~0|+|none~0|none~1|+|none~0|none~1|none~02|", "has input '02'; expected 2"),
    ("|none~0|+|none~0|+|none~0|none~1|none~2|", "has 1 input edge; expected 2"),
    ("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|none~3|", "has 4 input edges; expected 3"),
    ("|none~0|+|none~0|none~1||+|none~0|none~1|none~2|", "has 3 input edges; expected 2"),
    ("none~0|+|none~0|none~1|+|none~0|none~1|none~2|", "must start and end with '|'"),
    ("|none~0|+|none~0|none~1|+|none~0|none~1|none~2", "must start and end with '|'"),
    (valid + "x", "must start and end with '|'"),
    (valid + "\n", "must start and end with '|'"),
    (" " + valid, "must start and end with '|'"),
    ("|none|+|none~0|none~1|+|none~0|none~1|none~2|", "not of the form 'op~input'"),
    ("|none~0~0|+|none~0|none~1|+|none~0|none~1|none~2|", "not of the form 'op~input'"),
  ]

  @Test(arguments: malformed)
  func rejectsMalformedStrings(text: String, problem: String) {
    do {
      let cell = try space.parse(text)
      Issue.record("accepted malformed '\(text)' as \(cell)")
    } catch {
      #expect(error.isBadInput)
      #expect(error.description.contains(problem), "\(error.description)")
      if !text.isEmpty { #expect(error.description.contains("'\(text)'"), "\(error.description)") }
      #expect(!error.description.contains("\n") || text.contains("\n"))
    }
  }

  @Test func unknownOpMessageListsTheVocabulary() {
    let text = "|conv_3x3~0|+|none~0|none~1|+|none~0|none~1|none~2|"
    #expect(
      throws: CairnError.invalidInput(
        "unknown op 'conv_3x3' in NB201 architecture '\(text)'; "
          + "expected one of none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3")
    ) { try space.parse(text) }
  }
}

import CairnCore
import CairnSpaces
import Testing

@Suite struct NB101HashTests {
  /// The cell of the benchmark's published row 00005c14…, in `bits:ops` form.
  static let published =
    "0100110001000000010010000010000001000000010000000:"
    + "input|conv3x3-bn-relu|maxpool3x3|conv3x3-bn-relu|conv3x3-bn-relu|conv1x1-bn-relu|output"

  @Test func reproducesAPublishedHash() throws {
    let cell = try NB101Architecture(parsing: Self.published)
    #expect(cell.moduleHash == "00005c142e6f48ac74fdcf73e3439874")
  }

  @Test func hashIgnoresVerticesOffEveryPath() throws {
    let cell = try NB101Architecture(parsing: Self.published)
    #expect(cell.padded().moduleHash == cell.moduleHash)
    // Add vertex 5 -> nothing: rebuild with an extra dangling vertex fed by the input.
    let dangling = try NB101Architecture(
      matrix: [
        [0, 1, 0, 1],
        [0, 0, 0, 1],
        [0, 0, 0, 0],
        [0, 0, 0, 0],
      ], ops: [.input, .conv3x3, .maxPool3x3, .output])
    let plain = try NB101Architecture(
      matrix: [[0, 1, 1], [0, 0, 1], [0, 0, 0]], ops: [.input, .conv3x3, .output])
    #expect(dangling.pruned() == plain)
    #expect(dangling.moduleHash == plain.moduleHash)
    let disconnected = try NB101Architecture(
      matrix: [[0, 1, 0], [0, 0, 0], [0, 0, 0]], ops: [.input, .conv1x1, .output])
    #expect(disconnected.moduleHash == nil)
  }

  @Test func hashIsInvariantUnderRelabelingInteriorVertices() throws {
    // input -> a(conv3x3) -> output, input -> b(maxpool) -> output, in both vertex orders.
    let a = try NB101Architecture(
      matrix: [[0, 1, 1, 0], [0, 0, 0, 1], [0, 0, 0, 1], [0, 0, 0, 0]],
      ops: [.input, .conv3x3, .maxPool3x3, .output])
    let b = try NB101Architecture(
      matrix: [[0, 1, 1, 0], [0, 0, 0, 1], [0, 0, 0, 1], [0, 0, 0, 0]],
      ops: [.input, .maxPool3x3, .conv3x3, .output])
    let c = try NB101Architecture(
      matrix: [[0, 1, 1, 0], [0, 0, 0, 1], [0, 0, 0, 1], [0, 0, 0, 0]],
      ops: [.input, .maxPool3x3, .maxPool3x3, .output])
    #expect(a != b)
    #expect(a.moduleHash == b.moduleHash)
    #expect(a.moduleHash != c.moduleHash)
  }

  /// In debug builds every 30th row is checked to keep the suite fast; optimized builds check all 30,001.
  static var rowStride: Int {
    #if DEBUG
      30
    #else
      1
    #endif
  }

  @Test(.enabled(if: TestData.nb101Subset != nil, "nb101_subset_30k.csv not found"))
  func reproducesTheHashColumnOfTheBenchmarkSubset() throws {
    let rows = try TestData.rows(TestData.nb101Subset!, columns: 4, stride: Self.rowStride)
    #expect(Array(rows[0].prefix(4)) == ["hash", "num_vertices", "adjacency", "ops"])
    let space = NB101Space()
    var checked = 0
    for row in rows.dropFirst() {
      let text = "\(row[2]):\(row[3])"
      let cell = try space.parse(text)
      #expect(cell.vertexCount == Int(row[1]))
      #expect(space.format(cell) == text)
      #expect(space.isValid(cell), "\(text)")
      #expect(cell.pruned() == cell, "\(text)")
      #expect(cell.moduleHash == row[0], "\(text)")
      checked += 1
    }
    #expect(checked == (30_001 + Self.rowStride - 1) / Self.rowStride)
  }
}

import CairnCore
import CairnEngine
import CairnSpaces
import CairnTestSupport
import Testing

@testable import CairnNetworks

/// A tiny super-net shape: stem 4, one module per stack, channels 8, 16, 32.
let tinyNB101Shape = NB101NetworkShape(
  stemChannels: 4, modulesPerStack: 1, progression: .landmarkCode)

/// Cells that exercise the wiring: input→output only; a vertex feeding another and the output; a
/// truncation (3 → 2 channels at width 8) with an input→output projection; all five vertices; a truncated
/// vertex summed with a projection of the cell input (vertex 3: 3 → 2 channels at width 8, 6 → 5 at 16).
func nb101TestCells() throws -> [NB101Architecture] {
  [
    try nb101Cell([(0, 1)], ops: []),
    try nb101Cell([(0, 1), (1, 2), (1, 3), (2, 3)], ops: [.conv3x3, .conv1x1]),
    try nb101Cell(
      [(0, 1), (0, 2), (1, 2), (1, 4), (2, 3), (2, 4), (3, 4), (0, 4)],
      ops: [.conv3x3, .maxPool3x3, .conv1x1]),
    try nb101Cell(
      [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (1, 6), (2, 6), (3, 6), (4, 6), (5, 6)],
      ops: [.conv1x1, .conv3x3, .maxPool3x3, .conv3x3, .conv1x1]),
    try nb101Cell(
      [(0, 1), (0, 2), (0, 3), (1, 3), (1, 4), (2, 4), (3, 4)],
      ops: [.conv3x3, .conv1x1, .maxPool3x3]),
  ]
}

@Suite struct NB101SupernetTests {
  /// Weight-sharing batch norm: vertex v keeps 2^v − 1 batch norms per op convolution, and a cell trains the one
  /// of the inputs it wires to the vertex (Σ 2^i − 1), no other.
  @Test func weightSharingBatchNormTrainsTheNormOfTheVertexsInputSet() throws {
    var random = RandomStream(seed: 6)
    let network = try NB101Network.supernet(
      shape: tinyNB101Shape,
      batchNorm: BatchNormOptions(affine: true, tracksRunningStatistics: false, perInputSet: true),
      random: &random)
    let module = network.cells[0]
    #expect(module.vertices.map { $0.conv3x3?.inputSetNorms.count } == [0, 2, 6, 14, 30])
    #expect(module.vertices[4].inputProjection?.inputSetNorms.isEmpty == true)
    // Vertex 3 (conv1x1) takes vertex 2 only: input set 2^2 − 1 = 3.
    let cell = try nb101TestCells()[2]
    #expect(NB101Cell.inputSet(of: 3, in: cell) == 3)
    #expect(NB101Cell.inputSet(of: 1, in: cell) == 0)
    #expect(NB101Cell.inputSet(of: 2, in: cell) == 2)  // vertices 0 and 1: 1 + 2 − 1
    let logits = network(nb101Images(2), architecture: cell)
    (logits * GradientCheck.projection(like: logits)).sum().backward()
    let vertex3 = try #require(module.vertices[2].conv1x1)
    for (index, norm) in ([vertex3.norm] + vertex3.inputSetNorms).enumerated() {
      #expect((norm.scale?.grad != nil) == (index == 3), "norm \(index)")
    }
    #expect(module.vertices[0].conv3x3?.norm.scale?.grad != nil)
    var plainRandom = RandomStream(seed: 6)
    let plain = try NB101Network.supernet(shape: tinyNB101Shape, random: &plainRandom)
    #expect(network.parameterCount > plain.parameterCount)
  }

  @Test func forwardShapesForSeveralCells() throws {
    var random = RandomStream(seed: 3)
    let network = try NB101Network.supernet(shape: tinyNB101Shape, random: &random)
    #expect(network.cells.map(\.outputChannels) == [8, 16, 32])
    let images = nb101Images(2)
    for cell in try nb101TestCells() {
      #expect(network(images, architecture: cell).shape == [2, 10], "\(cell)")
    }
  }

  /// Parameters a cell does not use are not on the tape (no gradient); those outside a vertex's slice of a
  /// used weight get exactly zero.
  @Test func onlyTheSliceOfAUsedWeightGetsAGradient() throws {
    var random = RandomStream(seed: 4)
    let network = try NB101Network.supernet(shape: tinyNB101Shape, random: &random)
    let cell = try nb101TestCells()[2]  // module 0: vertex channels 3, 3, 2 of 8
    let logits = network(nb101Images(2), architecture: cell)
    (logits * GradientCheck.projection(like: logits)).sum().backward()
    let module = network.cells[0]
    let conv = try #require(module.vertices[0].conv3x3?.conv.weight.grad).toArray()
    #expect(outside(conv, shape: [8, 8, 3, 3], rows: 3, columns: 3).allSatisfy { $0 == 0 })
    #expect(inside(conv, shape: [8, 8, 3, 3], rows: 3, columns: 3).contains { $0 != 0 })
    let scale = try #require(module.vertices[2].conv1x1?.norm.scale?.grad).toArray()
    #expect(scale[2...].allSatisfy { $0 == 0 } && scale[..<2].contains { $0 != 0 })
    let projection = try #require(module.vertices[1].inputProjection?.conv.weight.grad).toArray()
    #expect(projection[(3 * 4)...].allSatisfy { $0 == 0 })
    #expect(module.vertices[0].conv1x1?.conv.weight.grad == nil)
    #expect(module.vertices[1].conv3x3?.conv.weight.grad == nil)
    #expect(module.vertices[2].inputProjection?.conv.weight.grad == nil)
    for vertex in module.vertices[3...] {
      #expect(vertex.namedParameters().allSatisfy { $0.1.grad == nil })
    }
    #expect(module.outputProjection?.conv.weight.grad != nil)
  }

  /// The super-net at a cell computes what the stand-alone network of that cell computes with the leading
  /// slices of the super-net's weights.
  @Test func theSupernetAtACellEqualsTheStandaloneNetworkWithItsSlices() throws {
    var random = RandomStream(seed: 5)
    let supernet = try NB101Network.supernet(shape: tinyNB101Shape, random: &random)
    let shared = Dictionary(uniqueKeysWithValues: supernet.namedTensors())
    let images = nb101Images(2)
    for cell in try nb101TestCells() {
      let standalone = try NB101Network(
        architecture: cell, shape: tinyNB101Shape, batchNorm: .supernet, random: &random)
      for (name, tensor) in standalone.namedTensors() {
        let source = try #require(shared[name], "\(name)")
        tensor.assign(Tensor(shape: tensor.shape, values: leading(source, shape: tensor.shape)))
      }
      let expected = standalone(images, architecture: cell).toArray()
      let actual = supernet(images, architecture: cell).toArray()
      #expect(zip(expected, actual).allSatisfy { abs($0 - $1) < 1e-4 }, "\(cell)")
    }
  }

  @Test func fixedChannelsRunEveryVertexAtTheSameWidth() throws {
    var random = RandomStream(seed: 6)
    let network = try NB101Network.supernet(
      shape: tinyNB101Shape, channels: .fixed(outputInDegree: 2), random: &random)
    #expect(network.cells[0].vertices[0].conv3x3?.conv.weight.shape == [4, 4, 3, 3])
    #expect(network.cells[2].vertices[4].inputProjection?.conv.weight.shape == [16, 16, 1, 1])
    let cells = [
      try nb101TestCells()[1],
      try nb101Cell([(0, 1), (0, 2), (1, 3), (2, 3), (0, 3)], ops: [.maxPool3x3, .conv3x3]),
      try nb101Cell(
        [(0, 1), (1, 2), (1, 3), (2, 4), (3, 4)], ops: [.conv1x1, .conv3x3, .conv3x3]),
    ]
    for cell in cells {
      #expect(NB101Network.fits(cell, outputInDegree: 2))
      #expect(network(nb101Images(2), architecture: cell).shape == [2, 10], "\(cell)")
    }
  }

  @Test func fitsCountsTheInteriorVerticesFeedingThePrunedOutput() throws {
    let cells = try nb101TestCells()
    #expect(
      cells.map { NB101Network.fits($0, outputInDegree: 2) } == [false, true, false, false, false])
    #expect(NB101Network.fits(cells[0], outputInDegree: 0))
    #expect(NB101Network.fits(cells[3], outputInDegree: 5))
    // Vertex 2 reaches no output, so pruning leaves one vertex feeding it.
    let dangling = try nb101Cell([(0, 1), (0, 2), (1, 3)], ops: [.conv3x3, .conv1x1])
    #expect(NB101Network.fits(dangling, outputInDegree: 1))
    let noPath = try nb101Cell([(0, 1), (2, 3)], ops: [.conv3x3, .conv1x1])
    #expect(!NB101Network.fits(noPath, outputInDegree: 1))
  }

  @Test func badShapesThrowInsteadOfCrashing() {
    var random = RandomStream(seed: 7)
    let cases: [(NB101NetworkShape, NB101ChannelMode)] = [
      (NB101NetworkShape(stemChannels: 0), .dynamic),
      (NB101NetworkShape(modulesPerStack: -1), .dynamic),
      (NB101NetworkShape(classes: 0), .dynamic),
      (NB101NetworkShape(inputChannels: 0), .dynamic),
      // Widths 4, 8, 16: a cell with five vertices feeding its output would leave one with 0 channels.
      (NB101NetworkShape(stemChannels: 2, progression: .landmarkCode), .dynamic),
      (NB101NetworkShape(stemChannels: 4), .dynamic),
      (tinyNB101Shape, .fixed(outputInDegree: 0)),
      (tinyNB101Shape, .fixed(outputInDegree: 6)),
      (tinyNB101Shape, .fixed(outputInDegree: 3)),
    ]
    for (shape, mode) in cases {
      #expect(throws: CairnError.self, "\(shape) \(mode)") {
        try NB101Network.supernet(shape: shape, channels: mode, random: &random)
      }
    }
  }
}

/// The leading block of `shape` (same rank) of a tensor's values, in row-major order.
func leading(_ tensor: Tensor, shape: [Int]) -> [Float] {
  let values = tensor.toArray()
  let full = tensor.shape
  var result: [Float] = []
  result.reserveCapacity(shape.reduce(1, *))
  func visit(_ axis: Int, _ offset: Int) {
    if axis == shape.count {
      result.append(values[offset])
      return
    }
    let stride = full[(axis + 1)...].reduce(1, *)
    for i in 0..<shape[axis] { visit(axis + 1, offset + i * stride) }
  }
  visit(0, 0)
  return result
}

/// The entries of a [O, I, k, k] gradient inside (or outside) its leading rows × columns block.
func inside(_ values: [Float], shape: [Int], rows: Int, columns: Int) -> [Float] {
  block(values, shape: shape) { $0 < rows && $1 < columns }
}

func outside(_ values: [Float], shape: [Int], rows: Int, columns: Int) -> [Float] {
  block(values, shape: shape) { !($0 < rows && $1 < columns) }
}

private func block(_ values: [Float], shape: [Int], _ keep: (Int, Int) -> Bool) -> [Float] {
  let inner = shape[2...].reduce(1, *)
  return values.enumerated().filter {
    keep($0.offset / (shape[1] * inner), $0.offset / inner % shape[1])
  }
  .map(\.element)
}

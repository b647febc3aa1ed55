import CairnCore
import CairnEngine
import CairnSpaces
import CairnTestSupport
import Testing

@testable import CairnNetworks

/// NB101 channel slicings: the maps they draw, which weights a narrowed layer trains, gradients against finite
/// differences, and a super-net whose scores repeat while its training steps draw anew.
@Suite struct NB101ChannelSlicingTests {
  func rows(_ map: Tensor, _ full: Int) -> [[Float]] {
    let values = map.toArray()
    return (0..<map.shape[0]).map { Array(values[($0 * full)..<($0 * full + full)]) }
  }

  @Test func mapsSelectOrAverageChannels() throws {
    var random = RandomStream(seed: 3)
    #expect(NB101ChannelSlicing.leading.map(from: 8, to: 3, random: &random) == nil)
    #expect(NB101ChannelSlicing.randomWindow.map(from: 8, to: 8, random: &random) == nil)
    #expect(random == RandomStream(seed: 3))  // nothing drawn
    for _ in 0..<20 {
      let window = rows(
        try #require(NB101ChannelSlicing.randomWindow.map(from: 8, to: 3, random: &random)), 8)
      let positions = window.map { try! #require($0.firstIndex(of: 1)) }
      #expect(window.allSatisfy { $0.reduce(0, +) == 1 })
      #expect(positions == [positions[0], positions[0] + 1, positions[0] + 2])
      #expect((0..<5).contains(positions[0]))
      let subset = rows(
        try #require(NB101ChannelSlicing.randomSubset.map(from: 8, to: 3, random: &random)), 8)
      #expect(Set(subset.map { $0.firstIndex(of: 1)! }).count == 3)
    }
    let bins = rows(
      try #require(NB101ChannelSlicing.interpolation.map(from: 8, to: 3, random: &random)), 8)
    // Adaptive average pooling from 8 to 3: bins [0, 3), [2, 6), [5, 8).
    let third = Float(1) / 3
    #expect(bins[0] == [third, third, third, 0, 0, 0, 0, 0])
    #expect(bins[1] == [0, 0, 0.25, 0.25, 0.25, 0.25, 0, 0])
    #expect(bins[2] == [0, 0, 0, 0, 0, third, third, third])
  }

  /// A random window trains only its window of the weight: rows o_out..<o_out + 3, columns o_in..<o_in + 5.
  @Test func aRandomWindowTrainsItsWindowOnly() throws {
    var random = RandomStream(seed: 4)
    let layer = ConvBNReLU(8, 8, kernel: 3, batchNorm: .supernet, random: &random)
    var draw = RandomStream(seed: 9)
    let input = Tensor(shape: [2, 5, 8, 8], values: (0..<640).map { Float($0 % 11) / 5 - 1 })
    var replay = draw
    let inputMap = rows(
      try #require(NB101ChannelSlicing.randomWindow.map(from: 8, to: 5, random: &replay)), 8)
    let outputMap = rows(
      try #require(NB101ChannelSlicing.randomWindow.map(from: 8, to: 3, random: &replay)), 8)
    let (inOffset, outOffset) = (inputMap[0].firstIndex(of: 1)!, outputMap[0].firstIndex(of: 1)!)
    let y = layer(input, outputChannels: 3, inputSet: 0, slicing: .randomWindow, random: &draw)
    #expect(y.shape == [2, 3, 8, 8])
    #expect(draw == replay)
    (y * GradientCheck.projection(like: y)).sum().backward()
    let grad = try #require(layer.conv.weight.grad).toArray()
    for (index, value) in grad.enumerated() {
      let (row, column) = (index / 72, index / 9 % 8)
      let inside =
        (outOffset..<(outOffset + 3)).contains(row) && (inOffset..<(inOffset + 5)).contains(column)
      if !inside { #expect(value == 0, "row \(row) column \(column)") }
    }
    #expect(grad.contains { $0 != 0 })
  }

  @Test(arguments: [NB101ChannelSlicing.randomSubset, .interpolation, .randomWindow])
  func narrowedLayerGradientsMatchFiniteDifferences(_ slicing: NB101ChannelSlicing) {
    var random = RandomStream(seed: 5)
    let layer = ConvBNReLU(8, 8, kernel: 1, batchNorm: .standalone, random: &random)
    layer.train(false)
    layer.norm.shift?.withMutableValues { $0.update(repeating: 5) }
    let x = Tensor(
      shape: [2, 5, 4, 4], values: (0..<160).map { Float($0 % 7) / 3 - 1 }, requiresGrad: true)
    let r = GradientCheck.projection(like: Tensor(zeros: [2, 3, 4, 4]))
    let error = GradientCheck.maximumRelativeError(
      inputs: [x] + layer.trainableParameters(), epsilon: 3e-2
    ) {
      var draw = RandomStream(seed: 6)
      return (layer(x, outputChannels: 3, inputSet: 0, slicing: slicing, random: &draw) * r).sum()
    }
    #expect(error < 1e-2, "\(slicing): \(error)")
  }

  /// Scores repeat (a fixed draw per architecture); training steps draw from the noise stream.
  @Test func aRandomlySlicedSupernetScoresRepeatablyAndTrainsWithFreshDraws() throws {
    var random = RandomStream(seed: 7)
    let network = try NB101Network.supernet(
      shape: tinyNB101Shape, slicing: .randomSubset, random: &random)
    let images = nb101Images(2)
    let cell = try nb101TestCells()[4]
    network.train(false)
    #expect(
      network(images, architecture: cell).toArray() == network(images, architecture: cell).toArray()
    )
    network.train(true)
    var noise = TrainingNoise(random: RandomStream(seed: 8))
    let first = network.trainingOutputs(images, architecture: cell, noise: &noise).logits.toArray()
    #expect(noise.random != RandomStream(seed: 8))
    let second = network.trainingOutputs(images, architecture: cell, noise: &noise).logits.toArray()
    #expect(first != second)
  }

  /// `expand`: a vertex keeps weights for every width it can have, and a cell trains the blocks of its widths.
  @Test func expandTrainsTheBlockOfEachVertexsWidth() throws {
    #expect(NB101VertexChannels.possibleWidths(outputChannels: 8) == [1, 2, 3, 4, 8])
    #expect(NB101VertexChannels.possibleWidths(outputChannels: 64) == [12, 13, 16, 21, 22, 32, 64])
    var random = RandomStream(seed: 11)
    let network = try NB101Network.supernet(
      shape: tinyNB101Shape, slicing: .expand, random: &random)
    let module = network.cells[0]
    #expect(module.narrowWidths == [1, 2, 3, 4])
    #expect(module.narrowVertices.count == 4 * 5)
    #expect(module.narrowVertices[2 * 5].conv3x3?.conv.weight.shape == [3, 3, 3, 3])
    let cell = try nb101TestCells()[2]  // module 0: vertex channels 3, 3, 2
    let logits = network(nb101Images(2), architecture: cell)
    (logits * GradientCheck.projection(like: logits)).sum().backward()
    #expect(module.vertex(1, width: 3) === module.narrowVertices[2 * 5])
    #expect(module.narrowVertices[2 * 5].conv3x3?.conv.weight.grad != nil)  // vertex 1, width 3
    #expect(module.narrowVertices[1 * 5 + 2].conv1x1?.conv.weight.grad != nil)  // vertex 3, width 2
    #expect(module.vertices.allSatisfy { $0.conv3x3?.conv.weight.grad == nil })
    #expect(module.vertices.allSatisfy { $0.conv1x1?.conv.weight.grad == nil })
  }
}

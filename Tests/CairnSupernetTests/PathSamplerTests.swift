import CairnCore
import CairnEngine
import CairnNetworks
import CairnSpaces
import Foundation
import Testing

@testable import CairnSupernet

@Suite struct PathSamplerTests {
  @Test func fairNASRunsEveryOpOncePerEdgePerStep() throws {
    let sampler = try PathSampler(law: .fairNAS, space: NB201Space())
    var random = RandomStream(seed: 1)
    for _ in 0..<20 {
      let paths = sampler.nextStep(using: &random)
      #expect(paths.count == 5)
      for edge in 0..<6 {
        #expect(Set(paths.map { $0[edge: edge] }) == Set(NB201Op.allCases))
      }
    }
  }

  @Test func fairNASOnNB101SharesTheGraphAndBalancesVertexOps() throws {
    let space = NB101Space()
    let sampler = try PathSampler(law: .fairNAS, space: space)
    var random = RandomStream(seed: 6)
    for _ in 0..<20 {
      let paths = sampler.nextStep(using: &random)
      #expect(paths.count == 3)
      let choices = paths.map(space.choices)
      #expect(Set(choices.map { Array($0.prefix(21)) }).count == 1)
      for vertex in 21..<26 { #expect(Set(choices.map { $0[vertex] }) == [0, 1, 2]) }
      #expect(paths.allSatisfy(space.isValid))
    }
  }

  @Test func uniformCoversOpsEvenly() throws {
    let sampler = try PathSampler(law: .uniform, space: NB201Space())
    var random = RandomStream(seed: 2)
    var counts = [Int](repeating: 0, count: 5)
    for _ in 0..<5000 { counts[sampler.nextStep(using: &random)[0][edge: 3].id] += 1 }
    for c in counts { #expect(abs(c - 1000) < 120) }
  }

  @Test func uniformOverCandidatesDrawsOnlyThem() throws {
    let space = NB201Space()
    let candidates = try [3, 30, 300].map { try space.architecture(at: $0) }
    let sampler = try PathSampler(law: .uniform, space: space, candidates: candidates)
    var random = RandomStream(seed: 3)
    let drawn = (0..<300).map { _ in sampler.nextStep(using: &random)[0] }
    #expect(Set(drawn) == Set(candidates))
    #expect(throws: CairnError.self) {
      try PathSampler(law: .uniform, space: space, candidates: [])
    }
  }

  @Test func supernetSharesWeightsAcrossArchitectures() throws {
    var random = RandomStream(seed: 4)
    let shape = NB201NetworkShape(channels: 4, cellsPerStage: 1)
    let perEdge = NB201Network.supernet(shape: shape, random: &random)
    let perNode = NB201Network.supernet(shape: shape, sharing: .perNode, random: &random)
    // Per cell: 6 (or 5) edge sets, each with a 1x1 and a 3x3 ReLUConvBN.
    let cell = perEdge.layers[0] as! NB201Cell
    #expect(cell.edges.count == 6)
    #expect((perNode.layers[0] as! NB201Cell).edges.count == 5)
    #expect(perNode.parameterCount < perEdge.parameterCount)
    // Two architectures that both use nor_conv_3x3 on edge 0 train the same weights.
    let images = Tensor(shape: [2, 3, 8, 8], values: (0..<384).map { Float($0 % 7) / 7 })
    let a = try NB201Architecture(
      parsing: "|nor_conv_3x3~0|+|none~0|skip_connect~1|+|none~0|none~1|skip_connect~2|")
    let b = try NB201Architecture(
      parsing: "|nor_conv_3x3~0|+|none~0|none~1|+|none~0|skip_connect~1|none~2|")
    perEdge(images, architecture: a).softmaxCrossEntropy(labels: [0, 1]).backward()
    let weight = cell.edges[0].convolutions[1].conv.weight
    let first = weight.grad!.toArray()
    perEdge(images, architecture: b).softmaxCrossEntropy(labels: [0, 1]).backward()
    #expect(weight.grad!.toArray() != first)
    #expect(cell.edges[1].convolutions[1].conv.weight.grad == nil)
  }
}

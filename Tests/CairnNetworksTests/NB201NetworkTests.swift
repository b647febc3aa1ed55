import CairnCore
import CairnEngine
import CairnSpaces
import Foundation
import Testing

@testable import CairnNetworks

/// The NB201 ground-truth table shipped with the repository.
let nb201TableURL = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  .appendingPathComponent("Data/nasbench201/nb201_table.csv")

@Suite struct NB201NetworkTests {
  /// The parameter count of an NB201 network depends only on how many edges hold each convolution, so one network
  /// per (#conv1x1, #conv3x3) pair, counted from its module tree, covers all 15,625 architectures.
  @Test func parameterCountsMatchTheBenchmarkTableForEveryArchitecture() throws {
    let text = try String(contentsOf: nb201TableURL, encoding: .utf8)
    var lines = text.split(separator: "\n")
    let header = lines.removeFirst().split(separator: ",").map(String.init)
    let arch = header.firstIndex(of: "arch_str")!
    let p10 = header.firstIndex(of: "params_cifar10")!
    let p100 = header.firstIndex(of: "params_cifar100")!
    #expect(lines.count == 15_625)
    var counts: [[Int]: (Int, Int)] = [:]
    var checked = 0
    for line in lines {
      let fields = line.split(separator: ",", omittingEmptySubsequences: false)
      let architecture = try NB201Architecture(parsing: String(fields[arch]))
      let key = [
        architecture.ops.filter { $0 == .conv1x1 }.count,
        architecture.ops.filter { $0 == .conv3x3 }.count,
      ]
      if counts[key] == nil {
        var random = RandomStream(seed: 0)
        let n10 = NB201Network(
          architecture: architecture, shape: NB201NetworkShape(classes: 10), random: &random)
        let n100 = NB201Network(
          architecture: architecture, shape: NB201NetworkShape(classes: 100), random: &random)
        counts[key] = (n10.parameterCount, n100.parameterCount)
      }
      #expect(counts[key]!.0 == Int(fields[p10])!, "\(architecture)")
      #expect(counts[key]!.1 == Int(fields[p100])!, "\(architecture)")
      checked += 1
    }
    #expect(checked == 15_625)
    #expect(counts.count == 28)
  }

  @Test func forwardAndBackwardOnATinyNetwork() throws {
    var random = RandomStream(seed: 1)
    let architecture = try NB201Architecture(
      parsing:
        "|nor_conv_3x3~0|+|nor_conv_1x1~0|avg_pool_3x3~1|+|skip_connect~0|none~1|nor_conv_3x3~2|")
    let network = NB201Network(
      architecture: architecture, shape: NB201NetworkShape(channels: 8, cellsPerStage: 1),
      random: &random)
    let images = Tensor(shape: [4, 3, 8, 8], values: (0..<768).map { _ in Float(random.normal()) })
    let logits = network(images, architecture: architecture)
    #expect(logits.shape == [4, 10])
    logits.softmaxCrossEntropy(labels: [0, 1, 2, 3]).backward()
    #expect(network.trainableParameters().allSatisfy { $0.grad != nil })
  }

  @Test func degenerateCellOutputsZeros() throws {
    var random = RandomStream(seed: 2)
    let architecture = try NB201Architecture(
      parsing: "|nor_conv_3x3~0|+|none~0|none~1|+|none~0|none~1|none~2|")
    let cell = NB201Cell(
      channels: 8, candidates: architecture.ops.map { [$0] }, batchNorm: .standalone,
      random: &random)
    let x = Tensor(shape: [1, 8, 2, 2], values: (0..<32).map(Float.init))
    #expect(cell(x, architecture: architecture).toArray().allSatisfy { $0 == 0 })
  }
}

/// Partial channel connections (PC-DARTS): edges' ops hold C/K channels, and the other channels bypass them.
@Suite struct NB201PartialChannelTests {
  @Test func edgesHoldAQuarterAndTheRestBypasses() throws {
    var random = RandomStream(seed: 3)
    let all = [[NB201Op]](repeating: NB201Op.allCases, count: 6)
    let cell = NB201Cell(
      channels: 8, candidates: all, batchNorm: .supernet, partialChannels: 2, random: &random)
    #expect(cell.edges[0].convolutions[0].conv.weight.shape[0] == 4)
    let x = Tensor(shape: [1, 8, 2, 2], values: (0..<32).map { Float($0 + 1) })
    // Every edge none: each edge passes its input's last 4 channels, shuffled with 4 zero channels in 2 groups.
    let none = try NB201Architecture(parsing: "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|")
    func edge(_ input: [Float]) -> [Float] {
      let zeros = [Float](repeating: 0, count: 16)
      let joined = zeros + Array(input[16...])  // channels 0-3 zero, 4-7 bypass
      var shuffled = [Float](repeating: 0, count: 32)
      for o in 0..<8 {
        let from = (o % 2) * 4 + o / 2
        for p in 0..<4 { shuffled[o * 4 + p] = joined[from * 4 + p] }
      }
      return shuffled
    }
    let input = x.toArray()
    let node1 = edge(input)
    let node2 = zip(edge(input), edge(node1)).map(+)
    let node3 = zip(zip(edge(input), edge(node1)).map(+), edge(node2)).map(+)
    #expect(cell(x, architecture: none).toArray() == node3)
  }
}

import CairnBenchmarks
import CairnCore
import CairnEngine
import CairnSpaces
import Testing

@testable import CairnNetworks

/// Random images [n, 3, size, size].
func nb101Images(_ n: Int, size: Int = 8, seed: UInt64 = 5) -> Tensor {
  var random = RandomStream(seed: seed, name: "images")
  return Tensor(
    shape: [n, 3, size, size],
    values: (0..<(n * 3 * size * size)).map { _ in Float(random.normal()) })
}

@Suite struct NB101NetworkTests {
  /// Rows of the shipped table: for each vertex count, the first rows (in file order) below 3M parameters,
  /// so that building the 128-wide networks stays quick.
  func sampleRows(_ table: BenchmarkTable) throws -> [(NB101Architecture, Double)] {
    let perCount = [2: 1, 3: 1, 4: 4, 5: 4, 6: 5, 7: 5]
    var taken: [Int: Int] = [:]
    var rows: [(NB101Architecture, Double)] = []
    for row in 0..<table.count {
      let params = try table.value(metric: "params", row: row)
      guard params < 3_000_000 else { continue }
      let architecture = try NB101Architecture(parsing: table.entry(at: row).architecture)
      let n = architecture.pruned()!.vertexCount
      guard taken[n, default: 0] < perCount[n, default: 0] else { continue }
      taken[n, default: 0] += 1
      rows.append((architecture, params))
      if rows.count == perCount.values.reduce(0, +) { break }
    }
    return rows
  }

  /// The original 128-wide network counts exactly the benchmark's trainable parameters (conv weights, two per
  /// batch-norm channel, the classifier with bias): the vertex-channel rule and the wiring are NB101's.
  @Test func parameterCountsMatchTheBenchmarkTable() throws {
    let table = try BenchmarkTable.shippedNB101()
    let rows = try sampleRows(table)
    #expect(rows.count == 20)
    #expect(Set(rows.map { $0.0.pruned()!.vertexCount }) == Set(2...7))
    for (architecture, params) in rows {
      var random = RandomStream(seed: 0)
      let network = try NB101Network(
        architecture: architecture, shape: NB101NetworkShape(), initializer: .constant(0),
        random: &random)
      #expect(network.parameterCount == Int(params), "\(architecture)")
    }
  }

  @Test func theOriginalProgressionKeepsTheStemWidthInStackZero() {
    let shape = NB101NetworkShape(stemChannels: 128, modulesPerStack: 2)
    #expect(shape.moduleChannels.map(\.input) == [128, 128, 128, 256, 256, 512])
    #expect(shape.moduleChannels.map(\.output) == [128, 128, 256, 256, 512, 512])
    var landmark = shape
    landmark.progression = .landmarkCode
    #expect(landmark.moduleChannels.map(\.input) == [128, 256, 256, 512, 512, 1024])
    #expect(landmark.moduleChannels.map(\.output) == [256, 256, 512, 512, 1024, 1024])
  }

  @Test func aStandaloneNetworkRunsItsCell() throws {
    let cell = try nb101Cell(
      [(0, 1), (1, 2), (1, 3), (2, 3), (0, 3)], ops: [.conv3x3, .maxPool3x3])
    var random = RandomStream(seed: 1)
    let network = try NB101Network(
      architecture: cell, shape: NB101NetworkShape(stemChannels: 8, modulesPerStack: 1),
      random: &random)
    let logits = network(nb101Images(2), architecture: cell)
    #expect(logits.shape == [2, 10])
    logits.softmaxCrossEntropy(labels: [0, 1]).backward()
    #expect(network.trainableParameters().allSatisfy { $0.grad != nil })
  }

  @Test func badStandaloneInputsThrow() throws {
    var random = RandomStream(seed: 1)
    let noPath = try nb101Cell([(0, 1), (2, 3)], ops: [.conv3x3, .conv1x1])
    #expect(throws: CairnError.self) {
      try NB101Network(architecture: noPath, shape: NB101NetworkShape(), random: &random)
    }
    let fiveFeeding = try nb101Cell(
      (1...5).flatMap { [(0, $0), ($0, 6)] }, ops: .init(repeating: .conv1x1, count: 5))
    #expect(throws: CairnError.self) {
      try NB101Network(
        architecture: fiveFeeding, shape: NB101NetworkShape(stemChannels: 4), random: &random)
    }
    #expect(throws: CairnError.self) {
      try NB101Network(
        architecture: fiveFeeding, shape: NB101NetworkShape(modulesPerStack: 0), random: &random)
    }
  }
}

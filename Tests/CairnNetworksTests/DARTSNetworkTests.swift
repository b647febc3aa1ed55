import CairnCore
import CairnEngine
import CairnSpaces
import CairnTestSupport
import Testing

@testable import CairnNetworks

/// DARTS-V2 as the DARTS code's `genotypes.py` prints it.
let dartsV2 = """
  Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), \
  ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], \
  normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), \
  ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], \
  reduce_concat=[2, 3, 4, 5])
  """

/// A few genotypes every op and both concatenations appear in: DARTS-V2, PC-DARTS's (with `range`), one with
/// `none` ops that concatenates two nodes only (every op still reaches the output), and random draws of the space.
func dartsTestGenotypes() throws -> [DARTSGenotype] {
  let pcDARTS = """
    Genotype(normal=[('sep_conv_3x3', 1), ('skip_connect', 0), ('sep_conv_3x3', 0), ('dil_conv_3x3', 1), \
    ('sep_conv_5x5', 0), ('sep_conv_3x3', 1), ('avg_pool_3x3', 0), ('dil_conv_3x3', 1)], normal_concat=range(2, 6), \
    reduce=[('sep_conv_5x5', 1), ('max_pool_3x3', 0), ('sep_conv_5x5', 1), ('sep_conv_5x5', 2), \
    ('sep_conv_3x3', 0), ('sep_conv_3x3', 3), ('sep_conv_3x3', 1), ('sep_conv_3x3', 2)], reduce_concat=range(2, 6))
    """
  let partial = """
    Genotype(normal=[('dil_conv_5x5', 0), ('avg_pool_3x3', 1), ('none', 0), ('skip_connect', 2), \
    ('max_pool_3x3', 3), ('sep_conv_5x5', 1), ('none', 2), ('sep_conv_3x3', 4)], normal_concat=[3, 5], \
    reduce=[('skip_connect', 0), ('dil_conv_5x5', 1), ('avg_pool_3x3', 2), ('skip_connect', 1), \
    ('dil_conv_3x3', 3), ('none', 0), ('sep_conv_3x3', 4), ('skip_connect', 0)], reduce_concat=[2, 3, 4, 5])
    """
  var random = RandomStream(seed: 11, name: "genotypes")
  let space = DARTSSpace()
  return try [dartsV2, pcDARTS, partial].map(DARTSGenotype.init(parsing:))
    + (0..<3).map { _ in space.sample(using: &random) }
}

@Suite struct DARTSNetworkTests {
  /// The DARTS code's `count_parameters_in_MB` counts every parameter whose name has no "auxiliary" (batch-norm
  /// scales and shifts included, running statistics not): 3,349,342 for DARTS-V2 at C = 36 with 20 cells and 10
  /// classes, the paper's 3.3 M.
  ///
  /// The auxiliary head reads cell 13 (the second reduction cell, 4 · 144 = 576 channels): 1×1 convolution
  /// 576 · 128 = 73,728; batch norm 2 · 128 = 256; 2×2 convolution 128 · 768 · 4 = 393,216; batch norm
  /// 2 · 768 = 1,536; linear 768 · 10 + 10 = 7,690; in all 476,426, so 3,825,768 with the head.
  @Test func dartsV2HasThePapersParameterCount() throws {
    var random = RandomStream(seed: 0)
    let network = DARTSNetwork(
      architecture: try DARTSGenotype(parsing: dartsV2),
      shape: DARTSNetworkShape(channels: 36, cells: 20, classes: 10, auxiliaryHead: true),
      random: &random)
    let counted = network.namedParameters().filter { !$0.0.contains("auxiliary") }
    #expect(counted.reduce(0) { $0 + $1.1.elementCount } == 3_349_342)
    #expect(network.parameterCount == 3_825_768)
    #expect(network.auxiliaryHead?.parameterCount == 476_426)
  }

  @Test func standaloneForwardAndBackwardOnSeveralGenotypes() throws {
    let images = dartsInput([2, 3, 8, 8], seed: 1)
    for (position, genotype) in try dartsTestGenotypes().enumerated() {
      var random = RandomStream(seed: UInt64(position))
      let network = DARTSNetwork(
        architecture: genotype, shape: DARTSNetworkShape(channels: 4, cells: 3), random: &random)
      let logits = network(images, architecture: genotype)
      #expect(logits.shape == [2, 10])
      logits.softmaxCrossEntropy(labels: [1, 7]).backward()
      let missing = network.namedParameters().filter { $0.1.grad == nil }.map(\.0)
      #expect(missing.isEmpty, "\(genotype): no gradient for \(missing)")
    }
  }

  /// In a super-net, a path's gradient reaches exactly the ops it runs: the chosen edges' ops, the
  /// preprocessing and the classifier; every other op of every edge stays off the tape.
  @Test func supernetRunsOnlyThePath() throws {
    var random = RandomStream(seed: 2)
    let network = DARTSNetwork.supernet(
      shape: DARTSNetworkShape(channels: 4, cells: 3), random: &random)
    let images = dartsInput([2, 3, 8, 8], seed: 3)
    for genotype in try dartsTestGenotypes() {
      network.forEachModule { module in
        for (_, parameter) in module.namedParameters() { parameter.grad = nil }
      }
      let logits = network(images, architecture: genotype)
      #expect(logits.shape == [2, 10])
      logits.softmaxCrossEntropy(labels: [0, 9]).backward()
      for (index, cell) in network.cells.enumerated() {
        let chosen = cell.isReduction ? genotype.reduce : genotype.normal
        var used: [Int: Set<DARTSOp>] = [:]
        for (position, edge) in chosen.edges.enumerated() where edge.op != .none {
          used[DARTSCellLayout.edgeIndex(node: position / 2, input: edge.input), default: []]
            .insert(edge.op)
        }
        for (slot, edge) in cell.edges.enumerated() {
          for op in DARTSOp.allCases where op != .none {
            let touched = parameters(of: op, in: edge).contains { $0.grad != nil }
            let expected = used[slot]?.contains(op) ?? false
            let hasWeights = !parameters(of: op, in: edge).isEmpty
            #expect(touched == (expected && hasWeights), "cell \(index) edge \(slot) \(op)")
          }
        }
      }
    }
  }

  /// The super-net holds 14 edges per cell with the seven ops but none; batch norm without affine parameters by
  /// default, so only convolutions and the classifier have parameters.
  @Test func supernetHoldsEveryEdgeAndOp() {
    var random = RandomStream(seed: 4)
    let network = DARTSNetwork.supernet(
      shape: DARTSNetworkShape(channels: 4, cells: 3), random: &random)
    #expect(network.cells.allSatisfy { $0.edges.count == DARTSCellLayout.edgeCount })
    #expect(network.cells.map(\.isReduction) == [false, true, true])
    let reduction = network.cells[1]
    #expect(reduction.edges.map(\.stride) == [2, 2, 2, 2, 1, 2, 2, 1, 1, 2, 2, 1, 1, 1])
    #expect(reduction.edges[0].skipReduce != nil && network.cells[0].edges[0].skipReduce == nil)
    #expect(reduction.edges.allSatisfy { $0.maxPoolNorm != nil && $0.avgPoolNorm != nil })
    #expect(
      network.namedParameters().allSatisfy { $0.0.hasSuffix("weight") || $0.0.hasSuffix("bias") })
    // no running statistics
    #expect(network.namedTensors().count == network.namedParameters().count)
  }

  @Test func trainingOutputsCarryTheAuxiliaryLogitsAndDropPaths() throws {
    let genotype = try DARTSGenotype(parsing: dartsV2)
    var random = RandomStream(seed: 5)
    let network = DARTSNetwork(
      architecture: genotype,
      shape: DARTSNetworkShape(channels: 4, cells: 3, auxiliaryHead: true), random: &random)
    let images = dartsInput([4, 3, 32, 32], seed: 6)
    var noise = TrainingNoise(dropPath: 0.5, random: RandomStream(seed: 7))
    let outputs = network.trainingOutputs(images, architecture: genotype, noise: &noise)
    #expect(outputs.logits.shape == [4, 10])
    #expect(outputs.auxiliaryLogits?.shape == [4, 10])
    #expect(noise.random != RandomStream(seed: 7))  // masks were drawn
    let loss =
      outputs.logits.softmaxCrossEntropy(labels: [0, 1, 2, 3])
      + outputs.auxiliaryLogits!.softmaxCrossEntropy(labels: [0, 1, 2, 3]).scaled(by: 0.4)
    loss.backward()
    #expect(network.auxiliaryHead!.trainableParameters().allSatisfy { $0.grad != nil })

    network.train(false)
    var unused = TrainingNoise(dropPath: 0.5, random: RandomStream(seed: 7))
    let evaluation = network.trainingOutputs(images, architecture: genotype, noise: &unused)
    #expect(evaluation.auxiliaryLogits == nil)
    #expect(unused.random == RandomStream(seed: 7))
    #expect(evaluation.logits.toArray() == network(images, architecture: genotype).toArray())
  }

  @Test func shapesAreValidatedWithAMessage() {
    #expect(throws: Never.self) {
      try DARTSNetworkShape(cells: 20, auxiliaryHead: true).validate(imageSide: 32)
    }
    #expect(throws: Never.self) {
      try DARTSNetworkShape(cells: 5, auxiliaryHead: false).validate(imageSide: 28)
    }
    #expect(throws: CairnError.self) {
      try DARTSNetworkShape(cells: 20, auxiliaryHead: true).validate(imageSide: 28)
    }
    #expect(throws: CairnError.self) { try DARTSNetworkShape(channels: 0).validate(imageSide: 32) }
    #expect(throws: CairnError.self) { try DARTSNetworkShape(cells: 0).validate(imageSide: 32) }
  }
}

/// The parameters of `op`'s module on `edge` (none for identities and parameter-free pooling).
func parameters(of op: DARTSOp, in edge: DARTSEdge) -> [Tensor] {
  let module: Module?
  switch op {
  case .sepConv3x3: module = edge.sepConv3x3
  case .sepConv5x5: module = edge.sepConv5x5
  case .dilConv3x3: module = edge.dilConv3x3
  case .dilConv5x5: module = edge.dilConv5x5
  case .skipConnect: module = edge.skipReduce
  case .maxPool3x3: module = edge.maxPoolNorm
  case .avgPool3x3: module = edge.avgPoolNorm
  case .none: module = nil
  }
  return module.map { $0.namedParameters().map(\.1) } ?? []
}

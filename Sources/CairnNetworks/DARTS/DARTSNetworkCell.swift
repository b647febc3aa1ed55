import CairnCore
import CairnEngine
import CairnSpaces

/// Which edges of a DARTS cell hold modules.
public enum DARTSCellLayout: Hashable, Sendable {
  /// A stand-alone cell: one module per edge of this genotype cell, with the edge's one op.
  case genotype(DARTSCell)
  /// A super-net cell (`op_on_edge`): a module for each of the 14 edges a node can read (node k + 2 reads any of
  /// nodes 0...k + 1), each with all seven ops but `none`.
  case allEdges

  /// The number of possible edges of a cell: 2 + 3 + 4 + 5.
  public static let edgeCount = 14

  /// The position of edge input → node k + 2 among the 14: node by node, inputs ascending.
  public static func edgeIndex(node: Int, input: Int) -> Int { node * (node + 3) / 2 + input }
}

/// A DARTS cell: two preprocessed inputs (the previous two cells' outputs), four nodes each summing two ops over
/// earlier nodes, and the channel concatenation of the `concat` nodes as output.
///
/// `preprocess0` is a `FactorizedReduce` when the previous cell reduced (its input is twice as large), else
/// ReLU → 1×1 convolution → batch norm, like `preprocess1`. In a reduction cell the edges reading the two inputs
/// have stride 2. Each node's ops may be dropped per sample (`TrainingNoise.dropPaths`), except identities.
public final class DARTSNetworkCell: Module {
  /// `preprocess0` after a normal cell, nil after a reduction cell.
  public let preprocess0: ReLUConvBN?
  /// `preprocess0` after a reduction cell, nil after a normal cell.
  public let reducingPreprocess0: FactorizedReduce?
  public let preprocess1: ReLUConvBN
  /// The modules of the edges, in the order of `layout` (the genotype's edges, or `edgeIndex` order).
  public let edges: [DARTSEdge]
  public let layout: DARTSCellLayout
  public let isReduction: Bool
  /// The channels of each node.
  public let channels: Int
  /// The nodes whose channels make the output: the genotype's, or 2...5 in a super-net (where a node the
  /// architecture does not concatenate contributes zeros, as the landmark code's super-net does).
  public let outputNodes: [Int]

  /// A cell reading inputs of `inputChannels` (previous-but-one, previous) channels.
  public init(
    layout: DARTSCellLayout, inputChannels: (Int, Int), channels: Int, isReduction: Bool,
    followsReduction: Bool, batchNorm: BatchNormOptions, poolNorm: BatchNormOptions?,
    random: inout RandomStream
  ) {
    if followsReduction {
      preprocess0 = nil
      reducingPreprocess0 = FactorizedReduce(
        inputChannels.0, channels, batchNorm: batchNorm, random: &random)
    } else {
      preprocess0 = ReLUConvBN(
        inputChannels.0, channels, kernel: 1, stride: 1, padding: 0, batchNorm: batchNorm,
        random: &random)
      reducingPreprocess0 = nil
    }
    preprocess1 = ReLUConvBN(
      inputChannels.1, channels, kernel: 1, stride: 1, padding: 0, batchNorm: batchNorm,
      random: &random)
    func edge(input: Int, candidates: [DARTSOp], _ random: inout RandomStream) -> DARTSEdge {
      DARTSEdge(
        channels: channels, stride: isReduction && input < 2 ? 2 : 1, candidates: candidates,
        batchNorm: batchNorm, poolNorm: poolNorm, random: &random)
    }
    var edges: [DARTSEdge] = []
    switch layout {
    case .genotype(let cell):
      for e in cell.edges { edges.append(edge(input: e.input, candidates: [e.op], &random)) }
      outputNodes = cell.concat
    case .allEdges:
      let ops = DARTSOp.allCases.filter { $0 != .none }
      for node in 0..<DARTSCell.nodeCount {
        for input in 0..<(node + 2) { edges.append(edge(input: input, candidates: ops, &random)) }
      }
      outputNodes = DARTSCell.standardConcat
    }
    self.edges = edges
    self.layout = layout
    self.isReduction = isReduction
    self.channels = channels
  }

  /// The cell's output [N, outputNodes.count · channels, H', W'] for inputs s0 and s1 under `cell` (the
  /// genotype's normal or reduction cell); drop-path is applied when `noise` has a positive drop-path probability.
  public func callAsFunction(
    _ s0: Tensor, _ s1: Tensor, cell: DARTSCell, noise: inout TrainingNoise
  ) -> Tensor {
    let first = reducingPreprocess0.map { $0(s0) } ?? preprocess0.map { $0(s0) } ?? s0
    var states = [first, preprocess1(s1)]
    var activated = [Tensor?](repeating: nil, count: 2 + DARTSCell.nodeCount)
    for node in 0..<DARTSCell.nodeCount {
      var terms: [Tensor] = []
      for slot in 0..<2 {
        let edge = cell.edges[2 * node + slot]
        let module = self.module(node: node, slot: slot, input: edge.input)
        guard
          let output = module(states[edge.input], op: edge.op, activated: &activated[edge.input])
        else { continue }
        terms.append(module.isIdentity(edge.op) ? output : noise.dropPaths(output))
      }
      states.append(terms.isEmpty ? zeros(like: states[1]) : sum(terms))
    }
    return concatChannels(
      outputNodes.map { cell.concat.contains($0) ? states[$0] : zeros(like: states[1]) })
  }

  /// The output of a super-net cell with every possible edge running every op but `none`, mixed: op k of edge e
  /// weighted by `weights[e][k]` (e among the 14 in `DARTSCellLayout.edgeIndex` order, k in `DARTSOp` order;
  /// `none`'s weight multiplies zero), and with `nodeWeights` (edge normalization) each edge's output weighted by
  /// `nodeWeights[node][input]`. Every intermediate node is concatenated.
  public func callAsFunction(
    _ s0: Tensor, _ s1: Tensor, weights: [[Tensor]], nodeWeights: [[Tensor]]?
  ) -> Tensor {
    precondition(layout == .allEdges, "only a super-net cell mixes its edges")
    let first = reducingPreprocess0.map { $0(s0) } ?? preprocess0.map { $0(s0) } ?? s0
    var states = [first, preprocess1(s1)]
    var activated = [Tensor?](repeating: nil, count: 2 + DARTSCell.nodeCount)
    for node in 0..<DARTSCell.nodeCount {
      var terms: [Tensor] = []
      for input in 0..<(node + 2) {
        let index = DARTSCellLayout.edgeIndex(node: node, input: input)
        var mixed: [Tensor] = []
        for (k, op) in DARTSOp.allCases.enumerated() where op != .none {
          if let output = edges[index](states[input], op: op, activated: &activated[input]) {
            mixed.append(output.scaled(by: weights[index][k]))
          }
        }
        let edge = sum(mixed)
        terms.append(nodeWeights.map { edge.scaled(by: $0[node][input]) } ?? edge)
      }
      states.append(sum(terms))
    }
    return concatChannels(Array(states[2...]))
  }

  /// The module of node `node`'s input `slot`, which reads node `input`.
  private func module(node: Int, slot: Int, input: Int) -> DARTSEdge {
    switch layout {
    case .genotype(let built):
      precondition(
        built.edges[2 * node + slot].input == input,
        "a stand-alone DARTS cell runs only its own genotype")
      return edges[2 * node + slot]
    case .allEdges:
      return edges[DARTSCellLayout.edgeIndex(node: node, input: input)]
    }
  }

  /// Zeros the shape of one node: `channels` channels at the cell's output resolution.
  private func zeros(like input: Tensor) -> Tensor {
    let (height, width) = (input.shape[2], input.shape[3])
    let side = { (n: Int) in self.isReduction ? (n + 1) / 2 : n }
    return Tensor(zeros: [input.shape[0], channels, side(height), side(width)])
  }
}

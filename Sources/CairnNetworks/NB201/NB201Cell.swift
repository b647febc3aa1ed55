import CairnCore
import CairnEngine
import CairnSpaces

/// One edge of an NB201 cell: a module for each convolutional candidate op it may run.
///
/// A stand-alone network holds only the edge's one op; a super-net holds every candidate, shared by all
/// architectures that choose it. Parameter-free ops (none, skip_connect, avg_pool_3x3) need no module.
public final class NB201Edge: Module {
  /// The candidate ops, in the order of `convolutions` for the convolutional ones.
  public let candidates: [NB201Op]
  public let convolutions: [ReLUConvBN]

  public init(
    channels: Int, candidates: [NB201Op], batchNorm: BatchNormOptions, random: inout RandomStream
  ) {
    self.candidates = candidates
    convolutions = candidates.compactMap { op in
      switch op {
      case .conv1x1:
        return ReLUConvBN(
          channels, channels, kernel: 1, stride: 1, padding: 0, batchNorm: batchNorm,
          random: &random)
      case .conv3x3:
        return ReLUConvBN(
          channels, channels, kernel: 3, stride: 1, padding: 1, batchNorm: batchNorm,
          random: &random)
      default:
        return nil
      }
    }
  }

  /// The edge's output for `op`, or nil for `none` (the zero op adds nothing to a node sum).
  public func callAsFunction(_ x: Tensor, op: NB201Op) -> Tensor? {
    var activated: Tensor?
    return self(x, op: op, activated: &activated)
  }

  /// The edge's output for `op`; a convolutional op takes ReLU(x) from `activated`, computing and storing it there
  /// when it is nil, so that the edges leaving one node share one ReLU (and one ReLU backward pass).
  public func callAsFunction(_ x: Tensor, op: NB201Op, activated: inout Tensor?) -> Tensor? {
    var node = NodeSum()
    add(x, op: op, activated: &activated, to: &node)
    return node.result()
  }

  /// Adds the edge's output for `op` to a node's sum: a convolutional op's batch norm is left to the sum (which
  /// fuses it), `none` adds nothing. ReLU(x) is shared through `activated` as above.
  public func add(_ x: Tensor, op: NB201Op, activated: inout Tensor?, to node: inout NodeSum) {
    switch op {
    case .none: return
    case .skipConnect: node.add(x)
    case .avgPool3x3: node.add(pool2d(x, .average, kernel: 3, stride: 1, padding: 1))
    case .conv1x1, .conv3x3:
      let convolutional = candidates.filter { $0 == .conv1x1 || $0 == .conv3x3 }
      guard let position = convolutional.firstIndex(of: op) else {
        preconditionFailure("edge has no module for \(op); candidates are \(candidates)")
      }
      let input = activated ?? x.relu()
      activated = input
      let module = convolutions[position]
      node.add(normalizing: module.conv(input), with: module.norm)
    }
  }
}

/// How the edges of a super-net cell share candidate-op weights.
public enum NB201WeightSharing: String, Codable, CaseIterable, Sendable {
  /// Every edge has its own candidate ops (`op_on_edge`; six sets per cell).
  case perEdge = "per-edge"
  /// Edges into a node from non-input nodes share one set (`op_on_node`, the landmark code's NB201 default):
  /// 3←1 and 3←2 use the same modules, so a cell has five sets.
  case perNode = "per-node"

  /// The module set each of the six edges uses.
  var moduleForEdge: [Int] {
    switch self {
    case .perEdge: return [0, 1, 2, 3, 4, 5]
    case .perNode: return [0, 1, 2, 3, 4, 4]
    }
  }
}

/// An NB201 cell: node 0 is the input; node i = Σ_{j<i} op_{i←j}(node j); the output is node 3.
public final class NB201Cell: Module {
  /// The candidate-op modules; edge e, in NB201's canonical order (1←0), (2←0), (2←1), (3←0), (3←1), (3←2),
  /// uses `edges[sharing.moduleForEdge[e]]`.
  public let edges: [NB201Edge]
  public let sharing: NB201WeightSharing
  /// K of partial channel connections (PC-DARTS, Xu et al., ICLR 2020): the edges' ops hold and read C/K
  /// channels; the other channels bypass them. 1: every channel.
  public let partialChannels: Int

  public init(
    channels: Int, candidates: [[NB201Op]], batchNorm: BatchNormOptions,
    sharing: NB201WeightSharing = .perEdge, partialChannels: Int = 1, random: inout RandomStream
  ) {
    precondition(
      partialChannels >= 1 && channels % partialChannels == 0,
      "\(channels) channels cannot split into \(partialChannels) parts")
    precondition(candidates.count == NB201Architecture.edgeCount, "an NB201 cell has 6 edges")
    precondition(
      sharing == .perEdge || Set(candidates).count == 1,
      "shared edges need the same candidates on every edge")
    let sets = Set(sharing.moduleForEdge).count
    edges = candidates.prefix(sets).map {
      NB201Edge(
        channels: channels / partialChannels, candidates: $0, batchNorm: batchNorm,
        random: &random)
    }
    self.sharing = sharing
    self.partialChannels = partialChannels
  }

  /// The cell's output with every edge running all five ops, mixed by `mixture` (decision = edge, option = op
  /// id); `none` adds nothing and options of weight exactly 0 are skipped. With edge normalization, rows 6, 7 and
  /// 8 of the mixture weight the 1, 2 and 3 edges into nodes 1, 2 and 3 (by source node).
  public func callAsFunction(_ x: Tensor, mixture: OperationMixture) -> Tensor {
    let normalized = mixture.weights.count > NB201Architecture.edgeCount
    return run(
      x,
      scale: normalized
        ? { node, source in mixture.weights[NB201Architecture.edgeCount + node - 1][source] } : nil
    ) { edge, _, _, module, part, activated in
      var outputs: [Tensor] = []
      for (id, weight) in mixture.weights[edge].enumerated()
      where weight.requiresGrad || weight.item != 0 {
        guard let output = module(part, op: NB201Op.byID[id], activated: &activated) else {
          continue
        }
        outputs.append(output.scaled(by: weight))
      }
      return outputs.isEmpty ? nil : sum(outputs)
    }
  }

  /// The cell's output under `architecture`; with `weights` (GDAS), each edge's output is weighted.
  public func callAsFunction(
    _ x: Tensor, architecture: NB201Architecture, weights: DecisionWeights? = nil
  ) -> Tensor {
    if weights == nil && partialChannels == 1 {
      // each node's batch norms fused into its sum (`NodeSum`)
      return walk(x) { edge, _, _, module, input, _, activated, sum in
        module.add(input, op: architecture[edge: edge], activated: &activated, to: &sum)
      }
    }
    return run(x) { edge, _, _, module, part, activated in
      let output = module(part, op: architecture[edge: edge], activated: &activated)
      return weights.map { $0.apply(decision: edge, output: output, input: part) } ?? output
    }
  }

  /// Runs the cell's graph with each edge's output computed whole: node i is the sum over j < i of the edge output
  /// `edgeOutput(edge, i, j, module, node j's input to the ops, node j's shared ReLU)` — nil adds nothing — joined
  /// with the bypassing channels when channels are partial, then weighted by `scale(i, j)` when given (edge
  /// normalization).
  private func run(
    _ x: Tensor, scale: ((Int, Int) -> Tensor)? = nil,
    edgeOutput: (
      _ edge: Int, _ node: Int, _ source: Int, _ module: NB201Edge, _ part: Tensor,
      _ activated: inout Tensor?
    ) -> Tensor?
  ) -> Tensor {
    walk(x) { edge, node, source, module, input, part, activated, sum in
      let output = edgeOutput(edge, node, source, module, part, &activated)
      guard let joined = joined(output, input: input) else { return }
      sum.add(scale.map { joined.scaled(by: $0(node, source)) } ?? joined)
    }
  }

  /// Walks the cell's graph: node i is the `NodeSum` of what `addEdge(edge, i, j, module, node j, node j's input
  /// to the ops, node j's shared ReLU, the sum)` adds for each j < i, or zeros when nothing is added; the output is
  /// node 3.
  private func walk(
    _ x: Tensor,
    addEdge: (
      _ edge: Int, _ node: Int, _ source: Int, _ module: NB201Edge, _ input: Tensor, _ part: Tensor,
      _ activated: inout Tensor?, _ sum: inout NodeSum
    ) -> Void
  ) -> Tensor {
    var nodes = [x]
    var parts = [Tensor?](repeating: nil, count: NB201Architecture.nodeCount)
    var activated = [Tensor?](repeating: nil, count: NB201Architecture.nodeCount)
    for node in 1..<NB201Architecture.nodeCount {
      var sum = NodeSum()
      for source in 0..<node {
        let edge = NB201Architecture.edge(from: source, to: node)!
        let part = partialInput(nodes[source], cache: &parts[source])
        addEdge(
          edge, node, source, edges[sharing.moduleForEdge[edge]], nodes[source], part,
          &activated[source], &sum)
      }
      nodes.append(sum.result() ?? Tensor.zeros(like: x))
    }
    return nodes[NB201Architecture.nodeCount - 1]
  }

  /// The channels an edge's ops read: all of them, or with partial channels the first C/K (computed once per
  /// node).
  private func partialInput(_ x: Tensor, cache: inout Tensor?) -> Tensor {
    guard partialChannels > 1 else { return x }
    if let cache { return cache }
    let part = x.sliceChannels(0..<(x.shape[1] / partialChannels))
    cache = part
    return part
  }

  /// An edge's output from its ops' output on the partial input: with partial channels, that output (zeros for
  /// `none`) joined with the channels that bypass the ops and shuffled in K groups, as PC-DARTS does; nil when no
  /// op produced anything and every channel goes through the ops.
  private func joined(_ output: Tensor?, input: Tensor) -> Tensor? {
    guard partialChannels > 1 else { return output }
    let width = input.shape[1] / partialChannels
    var shape = input.shape
    shape[1] = width
    let part = output ?? Tensor(zeros: shape)
    return concatChannels([part, input.sliceChannels(width..<input.shape[1])])
      .shufflingChannels(groups: partialChannels)
  }
}

import CairnCore
import CairnEngine
import CairnSpaces

/// One NB101 module (the benchmark's name; a cell here, to tell it from the engine's `Module`): a DAG of up to
/// seven vertices mapping C_in to C_out channels.
///
/// Vertex v of a pruned cell sums its inputs (the cell input through a conv1x1-BN-ReLU projection, other
/// vertices truncated to its first c_v channels) and applies its op. The output concatenates, in vertex order,
/// the interior vertices that feed it, plus (added) a projection of the input when the input→output edge exists;
/// when only the input feeds the output, the output is that projection. Vertex v uses `vertices[v - 1]`.
public final class NB101Cell: Module {
  public let inputChannels: Int
  public let outputChannels: Int
  /// How vertex channels are chosen (the NB101 rule, or a fixed width).
  public let channelMode: NB101ChannelMode
  /// The interior vertices: `vertices[v - 1]` serves vertex v of a pruned cell.
  public let vertices: [NB101Vertex]
  /// conv1x1-BN-ReLU (C_in → C_out) for the input→output edge, when some cell run here has that edge.
  public let outputProjection: ConvBNReLU?
  /// With `expand` channel slicing, the widths below C_out a vertex can have, ascending; else empty.
  public let narrowWidths: [Int]
  /// With `expand`, the vertices of each narrow width: vertex v at `narrowWidths[b]` is
  /// `narrowVertices[b · 5 + v − 1]`; `vertices` serve the full width.
  public let narrowVertices: [NB101Vertex]

  init(
    inputChannels: Int, outputChannels: Int, channelMode: NB101ChannelMode,
    vertices: [NB101Vertex], outputProjection: ConvBNReLU?, narrowWidths: [Int] = [],
    narrowVertices: [NB101Vertex] = []
  ) {
    self.inputChannels = inputChannels
    self.outputChannels = outputChannels
    self.channelMode = channelMode
    self.vertices = vertices
    self.outputProjection = outputProjection
    self.narrowWidths = narrowWidths
    self.narrowVertices = narrowVertices
  }

  /// The stand-alone module of one pruned cell: each vertex holds its own op and projection at its NB101 width.
  public convenience init(
    cell: NB101Architecture, inputChannels: Int, outputChannels: Int, batchNorm: BatchNormOptions,
    initializer: Initializer = .pytorchDefault, random: inout RandomStream
  ) {
    let n = cell.vertexCount
    let channels = NB101VertexChannels(
      cell: cell, inputChannels: inputChannels, outputChannels: outputChannels)
    let vertices = (1..<max(n - 1, 1)).map { v in
      NB101Vertex(
        inputChannels: inputChannels, width: channels[v], takesInput: cell.hasEdge(from: 0, to: v),
        ops: [cell.ops[v]], batchNorm: batchNorm, initializer: initializer, random: &random)
    }
    let projection =
      cell.hasEdge(from: 0, to: n - 1)
      ? ConvBNReLU(
        inputChannels, outputChannels, kernel: 1, batchNorm: batchNorm, initializer: initializer,
        random: &random)
      : nil
    self.init(
      inputChannels: inputChannels, outputChannels: outputChannels, channelMode: .dynamic,
      vertices: vertices, outputProjection: projection)
  }

  /// The super-net module: five vertices, each with an input projection and every op, at the mode's width
  /// (C_out for `.dynamic`, C_out / K for `.fixed`), and the output projection. With `batchNorm.perInputSet`,
  /// vertex v's op convolutions keep 2^v − 1 batch norms, one per non-empty set of the inputs 0..<v it can
  /// receive (`inputSet(of:in:)`).
  public convenience init(
    supernetInputChannels inputChannels: Int, outputChannels: Int, channelMode: NB101ChannelMode,
    batchNorm: BatchNormOptions, expandsWidths: Bool = false,
    initializer: Initializer = .pytorchDefault, random: inout RandomStream
  ) {
    let width: Int
    switch channelMode {
    case .dynamic: width = outputChannels
    case .fixed(let k): width = outputChannels / k
    }
    func vertices(_ width: Int) -> [NB101Vertex] {
      (1...(NB101Architecture.maxVertexCount - 2)).map { v in
        NB101Vertex(
          inputChannels: inputChannels, width: width, takesInput: true, ops: [.conv3x3, .conv1x1],
          batchNorm: batchNorm, inputSets: batchNorm.perInputSet ? (1 << v) - 1 : 1,
          initializer: initializer, random: &random)
      }
    }
    let full = vertices(width)
    let narrowWidths =
      expandsWidths && channelMode == .dynamic
      ? NB101VertexChannels.possibleWidths(outputChannels: outputChannels).filter { $0 < width }
      : []
    let narrow = narrowWidths.flatMap { vertices($0) }
    let projection = ConvBNReLU(
      inputChannels, outputChannels, kernel: 1, batchNorm: batchNorm, initializer: initializer,
      random: &random)
    self.init(
      inputChannels: inputChannels, outputChannels: outputChannels, channelMode: channelMode,
      vertices: full, outputProjection: projection, narrowWidths: narrowWidths,
      narrowVertices: narrow)
  }

  /// The module that runs vertex v at `width`: its own block under `expand`, else the shared vertex.
  func vertex(_ v: Int, width: Int) -> NB101Vertex {
    guard let block = narrowWidths.firstIndex(of: width) else { return vertices[v - 1] }
    return narrowVertices[block * (NB101Architecture.maxVertexCount - 2) + v - 1]
  }

  /// The output [N, C_out, H, W] of x [N, C_in, H, W] under a pruned `cell`.
  public func callAsFunction(_ x: Tensor, cell: NB101Architecture) -> Tensor {
    var random = RandomStream(seed: 0)
    return self(x, cell: cell, slicing: .leading, random: &random)
  }

  /// The output under a pruned `cell`, every vertex narrowed by `slicing` (random draws from `random`).
  public func callAsFunction(
    _ x: Tensor, cell: NB101Architecture, slicing: NB101ChannelSlicing,
    random: inout RandomStream
  ) -> Tensor {
    let n = cell.vertexCount
    precondition(n - 2 <= vertices.count, "cell \(cell) has more vertices than this module")
    let channels = channelMode.vertexChannels(
      of: cell, input: inputChannels, output: outputChannels)
    let interior = 1..<max(n - 1, 1)
    var values = [x]
    for v in interior {
      let predecessors = (1..<v).filter { cell.hasEdge(from: $0, to: v) }.map { values[$0] }
      let vertex = vertex(v, width: channels[v])
      let perInputSet = (vertex.conv3x3 ?? vertex.conv1x1)?.inputSetNorms.isEmpty == false
      values.append(
        vertex(
          cellInput: cell.hasEdge(from: 0, to: v) ? x : nil, predecessors: predecessors,
          op: cell.ops[v], channels: channels[v],
          inputSet: perInputSet ? Self.inputSet(of: v, in: cell) : 0, slicing: slicing,
          random: &random))
    }
    let feeding = interior.filter { cell.hasEdge(from: $0, to: n - 1) }.map { values[$0] }
    var output = feeding.isEmpty ? nil : feeding.count == 1 ? feeding[0] : concatChannels(feeding)
    if cell.hasEdge(from: 0, to: n - 1) {
      guard let outputProjection else {
        preconditionFailure("this NB101 module has no projection for the input→output edge")
      }
      let projected = outputProjection(x)
      output = output.map { sum([$0, projected]) } ?? projected
    }
    guard let output else { preconditionFailure("cell \(cell) does not feed its output") }
    return output
  }

  /// The input set of vertex v of a pruned `cell`: Σ 2^i over the vertices i < v with an edge to v, minus 1
  /// (the authors' `WSBNFull` index), in 0..<2^v − 1.
  public static func inputSet(of v: Int, in cell: NB101Architecture) -> Int {
    (0..<v).filter { cell.hasEdge(from: $0, to: v) }.reduce(0) { $0 + (1 << $1) } - 1
  }
}

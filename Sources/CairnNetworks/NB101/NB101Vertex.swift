import CairnCore
import CairnEngine
import CairnSpaces

/// One interior vertex of an NB101 cell: the projection of the cell input and a module for each convolutional
/// op the vertex may run (max pooling has no weights).
///
/// A stand-alone network's vertex holds only what its cell uses, at the vertex's width; a super-net's vertex
/// holds all of it at full width and runs on leading slices. Inputs from other vertices are truncated to the
/// vertex's first channels and need no weights.
public final class NB101Vertex: Module {
  /// conv1x1-BN-ReLU from the cell input (C_in → width), when the vertex may take the cell input.
  public let inputProjection: ConvBNReLU?
  /// conv3x3-BN-ReLU (width → width), when the vertex may run `conv3x3`.
  public let conv3x3: ConvBNReLU?
  /// conv1x1-BN-ReLU (width → width), when the vertex may run `conv1x1`.
  public let conv1x1: ConvBNReLU?

  /// A vertex of weights `width` wide for the given cell-input and op choices; its op convolutions keep
  /// `inputSets` batch norms (one per set of inputs the vertex can receive, for weight-sharing batch norm).
  public init(
    inputChannels: Int, width: Int, takesInput: Bool, ops: Set<NB101Op>,
    batchNorm: BatchNormOptions, inputSets: Int = 1, initializer: Initializer = .pytorchDefault,
    random: inout RandomStream
  ) {
    func make(_ input: Int, kernel: Int, sets: Int, if present: Bool) -> ConvBNReLU? {
      guard present else { return nil }
      return ConvBNReLU(
        input, width, kernel: kernel, batchNorm: batchNorm, inputSets: sets,
        initializer: initializer, random: &random)
    }
    inputProjection = make(inputChannels, kernel: 1, sets: 1, if: takesInput)
    conv3x3 = make(width, kernel: 3, sets: inputSets, if: ops.contains(.conv3x3))
    conv1x1 = make(width, kernel: 1, sets: inputSets, if: ops.contains(.conv1x1))
  }

  /// The vertex output [N, channels, H, W]: `op` applied to the sum of the predecessors' outputs truncated to
  /// `channels` and, when `cellInput` is given, its projection to `channels`; a convolution normalizes with the
  /// batch norm of `inputSet`.
  ///
  /// Asking for an op, a projection or an input set this vertex has no module for is a programmer error.
  public func callAsFunction(
    cellInput: Tensor?, predecessors: [Tensor], op: NB101Op, channels: Int, inputSet: Int = 0
  ) -> Tensor {
    var random = RandomStream(seed: 0)
    return self(
      cellInput: cellInput, predecessors: predecessors, op: op, channels: channels,
      inputSet: inputSet, slicing: .leading, random: &random)
  }

  /// The vertex output as `callAsFunction(cellInput:predecessors:op:channels:inputSet:)`, with the projection and
  /// the op convolution narrowed by `slicing` (random draws from `random`).
  public func callAsFunction(
    cellInput: Tensor?, predecessors: [Tensor], op: NB101Op, channels: Int, inputSet: Int,
    slicing: NB101ChannelSlicing, random: inout RandomStream
  ) -> Tensor {
    var inputs = predecessors.map { $0.leadingChannels(channels) }
    if let cellInput {
      guard let inputProjection else {
        preconditionFailure("this NB101 vertex has no projection of the cell input")
      }
      inputs.append(
        inputProjection(
          cellInput, outputChannels: channels, inputSet: 0, slicing: slicing, random: &random))
    }
    precondition(!inputs.isEmpty, "an NB101 vertex needs at least one input")
    let summed = sum(inputs)
    switch op {
    case .conv3x3:
      return run(conv3x3, summed, op: op, channels: channels, inputSet: inputSet, slicing, &random)
    case .conv1x1:
      return run(conv1x1, summed, op: op, channels: channels, inputSet: inputSet, slicing, &random)
    case .maxPool3x3: return pool2d(summed, .max, kernel: 3, stride: 1, padding: 1)
    case .input, .output: preconditionFailure("'\(op)' is not an interior op")
    }
  }

  private func run(
    _ module: ConvBNReLU?, _ x: Tensor, op: NB101Op, channels: Int, inputSet: Int,
    _ slicing: NB101ChannelSlicing, _ random: inout RandomStream
  ) -> Tensor {
    guard let module else { preconditionFailure("this NB101 vertex has no module for '\(op)'") }
    return module(
      x, outputChannels: channels, inputSet: inputSet, slicing: slicing, random: &random)
  }
}

import CairnCore
import CairnEngine
import CairnSpaces

/// An NB101 network: stem conv3x3-BN-ReLU; three stacks of modules (`NB101Cell`), stacks 1 and 2 preceded by
/// 2x2 max pooling (stride 2); then global average pooling and a linear classifier (with bias).
///
/// A stand-alone network (`init(architecture:shape:batchNorm:initializer:random:)`) is NAS-Bench-101's model of
/// one cell; its parameter count is the benchmark's `params`. A super-net
/// (`supernet(shape:batchNorm:channels:initializer:random:)`)
/// holds every vertex choice of every module once, as the landmark-regularization code builds it, and runs any
/// cell. The forward pass prunes the architecture first, so cells equal up to pruning run the same network.
/// Max pooling floors odd sizes, which matches the benchmark's "same" pooling on even image sizes.
public final class NB101Network: Module, ArchitectureNetwork {
  public typealias Architecture = NB101Architecture
  public let shape: NB101NetworkShape
  /// How the super-net's vertices choose channels (`.dynamic` for a stand-alone network).
  public let channelMode: NB101ChannelMode
  /// The pruned cell of a stand-alone network; nil for a super-net.
  public let cell: NB101Architecture?
  /// How super-net vertices narrow their weights (`.leading` for a stand-alone network).
  public let channelSlicing: NB101ChannelSlicing
  public let stem: ConvBNReLU
  /// The modules in order, `shape.modulesPerStack` per stack.
  public let cells: [NB101Cell]
  public let classifier: Linear

  init(
    shape: NB101NetworkShape, channelMode: NB101ChannelMode, cell: NB101Architecture?,
    batchNorm: BatchNormOptions, channelSlicing: NB101ChannelSlicing = .leading,
    initializer: Initializer, random: inout RandomStream
  ) {
    self.shape = shape
    self.channelMode = channelMode
    self.cell = cell
    self.channelSlicing = channelSlicing
    stem = ConvBNReLU(
      shape.inputChannels, shape.stemChannels, kernel: 3, batchNorm: batchNorm,
      initializer: initializer, random: &random)
    cells = shape.moduleChannels.map { channels in
      if let cell {
        return NB101Cell(
          cell: cell, inputChannels: channels.input, outputChannels: channels.output,
          batchNorm: batchNorm, initializer: initializer, random: &random)
      }
      return NB101Cell(
        supernetInputChannels: channels.input, outputChannels: channels.output,
        channelMode: channelMode, batchNorm: batchNorm, expandsWidths: channelSlicing == .expand,
        initializer: initializer, random: &random)
    }
    classifier = Linear(shape.finalChannels, shape.classes, random: &random)
  }

  /// NAS-Bench-101's network of one cell (only its vertices' ops and projections have weights), with
  /// convolution weights drawn by `initializer` (PyTorch's default, as the PyTorch ports of NB101 use).
  ///
  /// Throws `CairnError.invalidInput` when the cell has no input→output path or the shape is invalid
  /// (non-positive counts, a module narrower than the vertices feeding its output).
  public convenience init(
    architecture: NB101Architecture, shape: NB101NetworkShape,
    batchNorm: BatchNormOptions = .standalone, initializer: Initializer = .pytorchDefault,
    random: inout RandomStream
  ) throws(CairnError) {
    guard let cell = architecture.pruned() else {
      throw .invalidInput("NB101 architecture '\(architecture)' has no input-to-output path")
    }
    try shape.validate(minimumWidth: NB101VertexChannels.outputInDegree(of: cell))
    self.init(
      shape: shape, channelMode: .dynamic, cell: cell, batchNorm: batchNorm,
      initializer: initializer, random: &random)
  }

  /// A super-net: every module holds five vertices with an input projection and every op, and the output
  /// projection, shared by all cells; convolution weights are drawn by `initializer`.
  ///
  /// With `.dynamic` channels, vertex weights are C_out wide and a cell runs on their leading NB101 widths; with
  /// `.fixed(outputInDegree: K)`, they are C_out / K wide and only cells that `fits` K may run. Throws
  /// `CairnError.invalidInput` for non-positive counts, a module width below 5 (dynamic; too narrow for a cell
  /// with five vertices feeding its output), a K outside 1...5, or a module width not divisible by K.
  public static func supernet(
    shape: NB101NetworkShape, batchNorm: BatchNormOptions = .supernet,
    channels: NB101ChannelMode = .dynamic, slicing: NB101ChannelSlicing = .leading,
    initializer: Initializer = .pytorchDefault, random: inout RandomStream
  ) throws(CairnError) -> NB101Network {
    let limit = NB101VertexChannels.maximumOutputInDegree
    switch channels {
    case .dynamic:
      try shape.validate(minimumWidth: limit)
    case .fixed(let k):
      guard (1...limit).contains(k) else {
        throw .invalidInput(
          "NB101 fixed-channel output in-degree must be in 1...\(limit), got \(k)")
      }
      try shape.validate(minimumWidth: k, divisor: k)
    }
    return NB101Network(
      shape: shape, channelMode: channels, cell: nil, batchNorm: batchNorm, channelSlicing: slicing,
      initializer: initializer, random: &random)
  }

  /// Whether a fixed-channel super-net with output in-degree `outputInDegree` can run `architecture`: it has an
  /// input→output path and, after pruning, exactly that many interior vertices feeding its output.
  public static func fits(_ architecture: NB101Architecture, outputInDegree: Int) -> Bool {
    guard let cell = architecture.pruned() else { return false }
    return NB101VertexChannels.outputInDegree(of: cell) == outputInDegree
  }

  /// Logits [N, classes] for images [N, inputChannels, H, W] under `architecture`.
  ///
  /// Programmer errors (they stop the program): an architecture without an input→output path; on a stand-alone
  /// network, another cell than its own; on a fixed-channel super-net, a cell that does not `fit`.
  public func callAsFunction(_ images: Tensor, architecture: NB101Architecture) -> Tensor {
    guard let pruned = architecture.pruned() else {
      preconditionFailure("NB101 architecture '\(architecture)' has no input-to-output path")
    }
    precondition(
      cell == nil || cell == pruned, "this stand-alone network runs '\(cell!)', not '\(pruned)'")
    // Outside training steps the random slicings draw a fixed map per architecture, so scores are repeatable.
    var off = TrainingNoise.off
    off.random = RandomStream(seed: RandomStream.fnv1a("\(pruned)"), name: "channel slicing")
    return forward(images, cell: pruned, noise: &off)
  }

  /// The logits, with drop-path on every module's output (module l of L drops a sample with probability
  /// p·(l + 1)/L, as the landmark authors' super-nets drop whole cell outputs) and dropout on the pooled features,
  /// in training mode only. The same programmer errors as the plain forward pass.
  public func trainingOutputs(
    _ images: Tensor, architecture: NB101Architecture, noise: inout TrainingNoise
  ) -> TrainingOutputs {
    guard isTraining else {
      return TrainingOutputs(logits: self(images, architecture: architecture))
    }
    guard let pruned = architecture.pruned() else {
      preconditionFailure("NB101 architecture '\(architecture)' has no input-to-output path")
    }
    return TrainingOutputs(logits: forward(images, cell: pruned, noise: &noise))
  }

  private func forward(_ images: Tensor, cell pruned: NB101Architecture, noise: inout TrainingNoise)
    -> Tensor
  {
    var x = stem(images)
    for (index, module) in cells.enumerated() {
      if index > 0 && index % shape.modulesPerStack == 0 {
        x = pool2d(x, .max, kernel: 2, stride: 2)
      }
      let output = module(x, cell: pruned, slicing: channelSlicing, random: &noise.random)
      x = noise.dropPaths(output, depthFraction: Float(index + 1) / Float(cells.count))
    }
    return classifier(noise.dropFeatures(globalAveragePool(x)))
  }
}

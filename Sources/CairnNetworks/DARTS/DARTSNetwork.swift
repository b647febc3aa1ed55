import CairnCore
import CairnEngine
import CairnSpaces

/// A DARTS network, the DARTS code's `NetworkCIFAR`: stem 3×3 convolution to 3C channels + batch norm; `cells`
/// cells, each reading the previous two cells' outputs, with reduction cells (stride 2, C doubled) at cells/3 and
/// 2·cells/3; an optional auxiliary head on cell 2·cells/3's output (training only); global average pooling;
/// linear classifier.
///
/// Stand-alone (`init(architecture:shape:…)`): only the genotype's ops have weights, batch norms are affine with
/// running statistics. Super-net (`supernet(shape:batchNorm:random:)`): every edge of every cell holds all seven
/// ops but `none`; the forward pass of a genotype runs only its path (each node's two chosen edges with their
/// ops). The forward pass takes the genotype either way, so one module tree serves every sub-network.
public final class DARTSNetwork: Module, ArchitectureNetwork {
  public typealias Architecture = DARTSGenotype

  public let shape: DARTSNetworkShape
  public let stem: Conv2d
  public let stemNorm: BatchNorm
  public let cells: [DARTSNetworkCell]
  /// DARTS's `AuxiliaryHeadCIFAR` on cell `shape.auxiliaryCell`'s output, when `shape.auxiliaryHead`.
  public let auxiliaryHead: AuxiliaryHead?
  public let classifier: Linear

  /// A network whose normal and reduction cells hold the modules `normal` and `reduce` say; `poolNorm` gives the
  /// batch norm that follows pooling ops (nil for none).
  public init(
    shape: DARTSNetworkShape, normal: DARTSCellLayout, reduce: DARTSCellLayout,
    batchNorm: BatchNormOptions, poolNorm: BatchNormOptions?, random: inout RandomStream
  ) {
    self.shape = shape
    let stemWidth = DARTSNetworkShape.stemMultiplier * shape.channels
    stem = Conv2d(
      shape.inputChannels, stemWidth, kernel: 3, geometry: Conv2DGeometry(padding: 1),
      random: &random)
    stemNorm = batchNorm.make(stemWidth)
    var (previousPrevious, previous, width) = (stemWidth, stemWidth, shape.channels)
    var followsReduction = false
    var auxiliaryWidth = previous
    var cells: [DARTSNetworkCell] = []
    for index in 0..<shape.cells {
      let isReduction = shape.isReduction(index)
      if isReduction { width *= 2 }
      let cell = DARTSNetworkCell(
        layout: isReduction ? reduce : normal, inputChannels: (previousPrevious, previous),
        channels: width, isReduction: isReduction, followsReduction: followsReduction,
        batchNorm: batchNorm, poolNorm: poolNorm, random: &random)
      cells.append(cell)
      (previousPrevious, previous) = (previous, cell.outputNodes.count * width)
      followsReduction = isReduction
      if index == shape.auxiliaryCell { auxiliaryWidth = previous }
    }
    self.cells = cells
    auxiliaryHead =
      shape.auxiliaryHead
      ? AuxiliaryHead(channels: auxiliaryWidth, classes: shape.classes, random: &random) : nil
    classifier = Linear(previous, shape.classes, random: &random)
  }

  /// A stand-alone network of `architecture`: only its ops have weights.
  public convenience init(
    architecture: DARTSGenotype, shape: DARTSNetworkShape,
    batchNorm: BatchNormOptions = .standalone, random: inout RandomStream
  ) {
    self.init(
      shape: shape, normal: .genotype(architecture.normal), reduce: .genotype(architecture.reduce),
      batchNorm: batchNorm, poolNorm: nil, random: &random)
  }

  /// A super-net (`op_on_edge`): every edge of every cell holds all seven ops but `none`, pooling followed by a
  /// batch norm without affine parameters. The landmark code's DARTS runs use batch norm without affine parameters
  /// and without running statistics (the default here).
  public static func supernet(
    shape: DARTSNetworkShape,
    batchNorm: BatchNormOptions = BatchNormOptions(affine: false, tracksRunningStatistics: false),
    random: inout RandomStream
  ) -> DARTSNetwork {
    DARTSNetwork(
      shape: shape, normal: .allEdges, reduce: .allEdges, batchNorm: batchNorm,
      poolNorm: BatchNormOptions(
        affine: false, tracksRunningStatistics: batchNorm.tracksRunningStatistics),
      random: &random)
  }

  /// Logits [N, classes] for images [N, inputChannels, H, W] under `architecture` (no drop-path, no auxiliary
  /// head).
  public func callAsFunction(_ images: Tensor, architecture: DARTSGenotype) -> Tensor {
    var off = TrainingNoise.off
    return forward(images, architecture: architecture, noise: &off, auxiliary: false)
      .logits
  }

  /// The logits, and in training mode the auxiliary head's logits (when the network has the head), drop-path on
  /// every op output but identities, as DARTS trains its networks, and dropout on the pooled features.
  public func trainingOutputs(
    _ images: Tensor, architecture: DARTSGenotype, noise: inout TrainingNoise
  ) -> TrainingOutputs {
    if isTraining {
      return forward(images, architecture: architecture, noise: &noise, auxiliary: true)
    }
    var off = TrainingNoise.off
    return forward(images, architecture: architecture, noise: &off, auxiliary: false)
  }

  private func forward(
    _ images: Tensor, architecture: DARTSGenotype, noise: inout TrainingNoise, auxiliary: Bool
  ) -> TrainingOutputs {
    var s0 = stemNorm(stem(images))
    var s1 = s0
    var auxiliaryLogits: Tensor?
    for (index, cell) in cells.enumerated() {
      let genotype = cell.isReduction ? architecture.reduce : architecture.normal
      (s0, s1) = (s1, cell(s0, s1, cell: genotype, noise: &noise))
      if auxiliary, index == shape.auxiliaryCell, let auxiliaryHead {
        auxiliaryLogits = auxiliaryHead(s1)
      }
    }
    let logits = classifier(noise.dropFeatures(globalAveragePool(s1)))
    return TrainingOutputs(logits: logits, auxiliaryLogits: auxiliaryLogits)
  }
}

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
public final class DARTSNetwork: Module, ArchitectureNetwork, MixtureNetwork, FeatureNetwork {
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
    return forward(images, architecture: architecture, noise: &off, auxiliary: false).logits
  }

  /// The logits, and in training mode the auxiliary head's logits (when the network has the head), drop-path on
  /// every op output but identities, as DARTS trains its networks, and dropout on the pooled features.
  public func trainingOutputs(
    _ images: Tensor, architecture: DARTSGenotype, noise: inout TrainingNoise
  ) -> TrainingOutputs {
    var off = TrainingNoise.off
    let outputs =
      isTraining
      ? forward(images, architecture: architecture, noise: &noise, auxiliary: true)
      : forward(images, architecture: architecture, noise: &off, auxiliary: false)
    return TrainingOutputs(logits: outputs.logits, auxiliaryLogits: outputs.auxiliaryLogits)
  }

  /// The rows of a DARTS super-net's `OperationMixture`: 14 edges of the normal cell, then 14 of the reduction
  /// cell, each over the 8 ops in `DARTSOp` order; then, with edge normalization, one row per intermediate node
  /// (its 2, 3, 4, 5 incoming edges), the normal cell's 4 then the reduction cell's.
  public static let mixtureRowCount = 2 * DARTSCellLayout.edgeCount

  /// The sizes of the edge-normalization rows that follow the op rows.
  public static let nodeRowSizes = [2, 3, 4, 5, 2, 3, 4, 5]

  /// Pooled features and logits of a super-net with every edge mixing its ops by `mixture` (DARTS; rows as
  /// `mixtureRowCount` and `nodeRowSizes` describe).
  public func mixtureOutputs(_ images: Tensor, mixture: OperationMixture) -> FeatureOutputs {
    let rows = mixture.weights
    let normalized = rows.count > Self.mixtureRowCount
    var s0 = stemNorm(stem(images))
    var s1 = s0
    for cell in cells {
      let kind = cell.isReduction ? 1 : 0
      let start = kind * DARTSCellLayout.edgeCount
      let nodeStart = Self.mixtureRowCount + kind * DARTSCell.nodeCount
      (s0, s1) = (
        s1,
        cell(
          s0, s1, weights: Array(rows[start..<(start + DARTSCellLayout.edgeCount)]),
          nodeWeights: normalized ? Array(rows[nodeStart..<(nodeStart + DARTSCell.nodeCount)]) : nil
        )
      )
    }
    let features = globalAveragePool(s1)
    return FeatureOutputs(features: features, logits: classifier(features))
  }

  /// Pooled features and logits under `architecture` (no drop-path, no auxiliary head).
  public func outputs(_ images: Tensor, architecture: DARTSGenotype) -> FeatureOutputs {
    var off = TrainingNoise.off
    let outputs = forward(images, architecture: architecture, noise: &off, auxiliary: false)
    return FeatureOutputs(features: outputs.features, logits: outputs.logits)
  }

  private func forward(
    _ images: Tensor, architecture: DARTSGenotype, noise: inout TrainingNoise, auxiliary: Bool
  ) -> (logits: Tensor, auxiliaryLogits: Tensor?, features: Tensor) {
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
    let features = globalAveragePool(s1)
    return (classifier(noise.dropFeatures(features)), auxiliaryLogits, features)
  }
}

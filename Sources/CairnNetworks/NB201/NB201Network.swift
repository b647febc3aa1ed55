import CairnCore
import CairnEngine
import CairnSpaces

/// The shape of an NB201 network (NAS-Bench-201's "TinyNetwork" skeleton).
public struct NB201NetworkShape: Codable, Hashable, Sendable {
  /// C, the channels of the first stage (then 2C and 4C). Default 16.
  public var channels: Int
  /// N, the cells per stage. Default 5.
  public var cellsPerStage: Int
  /// The number of classes of the classifier.
  public var classes: Int
  /// The channels of the input images (3 for CIFAR, 1 for Fashion-MNIST).
  public var inputChannels: Int

  public init(channels: Int = 16, cellsPerStage: Int = 5, classes: Int = 10, inputChannels: Int = 3)
  {
    self.channels = channels
    self.cellsPerStage = cellsPerStage
    self.classes = classes
    self.inputChannels = inputChannels
  }
}

/// An NB201 network: stem conv3x3 + BN; three stages of N cells at C, 2C, 4C channels joined by ResNet basic
/// reduction blocks; then BN → ReLU → global average pool → linear.
///
/// `candidates` says which ops each edge can run: one op per edge for a stand-alone network, all five for a
/// super-net. The forward pass takes the architecture to run, so one module tree serves every sub-network.
public final class NB201Network: Module, DecisionWeightedNetwork, MixtureNetwork, FeatureNetwork {
  public typealias Architecture = NB201Architecture
  public let shape: NB201NetworkShape
  public let stem: Conv2d
  public let stemNorm: BatchNorm
  /// Cells and reduction blocks in order (`NB201Cell` or `ResNetBasicBlock`).
  public let layers: [Module]
  public let headNorm: BatchNorm
  public let classifier: Linear

  public init(
    shape: NB201NetworkShape, candidates: [[NB201Op]], batchNorm: BatchNormOptions,
    sharing: NB201WeightSharing = .perEdge, partialChannels: Int = 1, random: inout RandomStream
  ) {
    self.shape = shape
    let c = shape.channels
    stem = Conv2d(
      shape.inputChannels, c, kernel: 3, geometry: Conv2DGeometry(padding: 1), random: &random)
    stemNorm = batchNorm.make(c)
    var layers: [Module] = []
    for (stage, width) in [c, 2 * c, 4 * c].enumerated() {
      if stage > 0 {
        layers.append(ResNetBasicBlock(width / 2, width, batchNorm: batchNorm, random: &random))
      }
      for _ in 0..<shape.cellsPerStage {
        layers.append(
          NB201Cell(
            channels: width, candidates: candidates, batchNorm: batchNorm, sharing: sharing,
            partialChannels: partialChannels, random: &random))
      }
    }
    self.layers = layers
    headNorm = batchNorm.make(4 * c)
    classifier = Linear(4 * c, shape.classes, random: &random)
  }

  /// A stand-alone network for one architecture (only its ops have weights).
  public convenience init(
    architecture: NB201Architecture, shape: NB201NetworkShape,
    batchNorm: BatchNormOptions = .standalone,
    random: inout RandomStream
  ) {
    self.init(
      shape: shape, candidates: architecture.ops.map { [$0] }, batchNorm: batchNorm, random: &random
    )
  }

  /// A super-net: every edge holds all five candidate ops, shared by every architecture that uses them.
  public static func supernet(
    shape: NB201NetworkShape, batchNorm: BatchNormOptions = .supernet,
    sharing: NB201WeightSharing = .perEdge, partialChannels: Int = 1,
    random: inout RandomStream
  ) -> NB201Network {
    NB201Network(
      shape: shape,
      candidates: Array(repeating: NB201Op.allCases, count: NB201Architecture.edgeCount),
      batchNorm: batchNorm, sharing: sharing, partialChannels: partialChannels, random: &random)
  }

  /// Logits [N, classes] for images [N, inputChannels, H, W] under `architecture`; with `weights` (GDAS), every
  /// cell weights its edges' outputs by them.
  public func callAsFunction(_ images: Tensor, architecture: NB201Architecture) -> Tensor {
    self(images, architecture: architecture, weights: nil)
  }

  /// Pooled features and logits with every edge running all its ops, mixed by `mixture` (DARTS).
  public func mixtureOutputs(_ images: Tensor, mixture: OperationMixture) -> FeatureOutputs {
    var x = stemNorm(stem(images))
    for layer in layers {
      if let cell = layer as? NB201Cell {
        x = cell(x, mixture: mixture)
      } else if let block = layer as? ResNetBasicBlock {
        x = block(x)
      }
    }
    return head(x)
  }

  /// Pooled features and logits under `architecture`.
  public func outputs(_ images: Tensor, architecture: NB201Architecture) -> FeatureOutputs {
    var off = TrainingNoise.off
    return forward(images, architecture: architecture, weights: nil, noise: &off)
  }

  /// BN → ReLU → global average pool, then the classifier (features dropped out by `noise` first).
  private func head(_ x: Tensor, noise: inout TrainingNoise) -> FeatureOutputs {
    let features = globalAveragePool(headNorm(x).relu())
    return FeatureOutputs(features: features, logits: classifier(noise.dropFeatures(features)))
  }

  private func head(_ x: Tensor) -> FeatureOutputs {
    var off = TrainingNoise.off
    return head(x, noise: &off)
  }

  /// Logits under `architecture` with every edge's output weighted by `weights` (GDAS).
  public func callAsFunction(
    _ images: Tensor, architecture: NB201Architecture, weights: DecisionWeights
  ) -> Tensor {
    self(images, architecture: architecture, weights: Optional(weights))
  }

  /// Logits under `architecture` with every edge's output weighted by `weights` (GDAS), when given.
  public func callAsFunction(
    _ images: Tensor, architecture: NB201Architecture, weights: DecisionWeights?
  ) -> Tensor {
    var off = TrainingNoise.off
    return forward(images, architecture: architecture, weights: weights, noise: &off).logits
  }

  /// The logits, with drop-path on every cell's output (cell l of the L cells drops a sample with probability
  /// p·(l + 1)/L, as the landmark authors' super-nets drop whole cell outputs; reduction blocks are not dropped)
  /// and dropout on the pooled features, in training mode only.
  public func trainingOutputs(
    _ images: Tensor, architecture: NB201Architecture, noise: inout TrainingNoise
  ) -> TrainingOutputs {
    guard isTraining else {
      return TrainingOutputs(logits: self(images, architecture: architecture))
    }
    return TrainingOutputs(
      logits: forward(images, architecture: architecture, weights: nil, noise: &noise).logits)
  }

  /// Logits of several architectures on one batch, the stem (convolution and batch norm, which no architecture
  /// changes) run once for all of them.
  public func callAsFunction(_ images: Tensor, architectures: [NB201Architecture]) -> [Tensor] {
    let stemmed = stemNorm(stem(images))
    return architectures.map { architecture in
      var off = TrainingNoise.off
      return forward(stemmed: stemmed, architecture: architecture, weights: nil, noise: &off).logits
    }
  }

  private func forward(
    _ images: Tensor, architecture: NB201Architecture, weights: DecisionWeights?,
    noise: inout TrainingNoise
  ) -> FeatureOutputs {
    forward(
      stemmed: stemNorm(stem(images)), architecture: architecture, weights: weights, noise: &noise)
  }

  /// The layers after the stem, from the stem's output.
  private func forward(
    stemmed: Tensor, architecture: NB201Architecture, weights: DecisionWeights?,
    noise: inout TrainingNoise
  ) -> FeatureOutputs {
    var x = stemmed
    let cellCount = 3 * shape.cellsPerStage
    var cellIndex = 0
    for layer in layers {
      if let cell = layer as? NB201Cell {
        cellIndex += 1
        x = noise.dropPaths(
          cell(x, architecture: architecture, weights: weights),
          depthFraction: Float(cellIndex) / Float(cellCount))
      } else if let block = layer as? ResNetBasicBlock {
        x = block(x)
      }
    }
    return head(x, noise: &noise)
  }
}

import CairnCore
import CairnEngine
import CairnSpaces

/// ResNet-20 with a chosen width per convolution (`WidthSpace`): a stem 3×3 convolution + BN + ReLU, 3 stages of 3
/// `WidthBasicBlock`s (stride 2 at the first block of stages 2 and 3), global average pooling and a linear
/// classifier.
///
/// One type serves as super-net and stand-alone network. Every convolution, batch norm and the classifier hold
/// their widest shape, and an architecture runs by prefix slicing: a layer of width w uses the leading w filters
/// of its convolution (and the leading input channels its input has), the leading w channels of its batch norm,
/// and the classifier the leading columns its input has. Gradients reach only the slices used. With narrow
/// branches (`WidthDesign.branches`), each layer first picks its branch (`WidthConvolution`). A stand-alone
/// network is the same network allocated at one architecture's widths (`WidthNetworkShape.standalone`).
public final class WidthNetwork: Module, ArchitectureNetwork {
  public typealias Architecture = WidthArchitecture

  public let shape: WidthNetworkShape
  public let design: WidthDesign
  public let stem: WidthConvolution
  public let blocks: [WidthBasicBlock]
  public let classifier: WidthClassifier

  /// The number of blocks per stage.
  public static let blocksPerStage = 3

  public init(
    shape: WidthNetworkShape, design: WidthDesign = .none,
    batchNorm: BatchNormOptions = .standalone, random: inout RandomStream
  ) {
    self.shape = shape
    self.design = design
    let w = shape.widths
    let branching = design.branches
    stem = WidthConvolution(
      inputChannels: shape.inputChannels, widths: branching.widths(upTo: w[0]), kernel: 3,
      geometry: Conv2DGeometry(padding: 1), batchNorm: batchNorm, random: &random)
    var blocks: [WidthBasicBlock] = []
    for block in 0..<(3 * Self.blocksPerStage) {
      let first = block % Self.blocksPerStage == 0
      blocks.append(
        WidthBasicBlock(
          inputChannels: w[2 * block], middleChannels: w[2 * block + 1],
          outputChannels: w[2 * block + 2], stride: first && block > 0 ? 2 : 1,
          projects: first || design.projectionShortcuts, prelu: design.preluAfterAddition,
          branching: branching, batchNorm: batchNorm, random: &random))
    }
    self.blocks = blocks
    classifier = WidthClassifier(
      widths: branching.widths(upTo: w[w.count - 1]), classes: shape.classes, random: &random)
  }

  /// Logits [N, classes] of `architecture`, run by slicing at its widths (under the design's widening).
  public func callAsFunction(_ images: Tensor, architecture: WidthArchitecture) -> Tensor {
    let widths = architecture.widths.map(design.runningWidth)
    var x = stem(images, channels: widths[0]).relu()
    for (index, block) in blocks.enumerated() {
      x = block(x, middle: widths[2 * index + 1], output: widths[2 * index + 2])
    }
    return classifier(globalAveragePool(x))
  }

  /// Whether every layer of `architecture` fits in this network's allocated widths.
  public func fits(_ architecture: WidthArchitecture) -> Bool {
    zip(architecture.widths.map(design.runningWidth), shape.widths).allSatisfy { $0 <= $1 }
  }
}

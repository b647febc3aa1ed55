import CairnCore
import CairnEngine

/// DARTS's `AuxiliaryHeadCIFAR`, a second classifier on the output of cell 2·layers/3 that adds its weighted loss
/// during training: ReLU → 5×5 average pooling of stride 3 (no padding) → 1×1 convolution to 128 → batch norm →
/// ReLU → 2×2 convolution to 768 → batch norm → ReLU → linear to the classes.
///
/// x [N, C, 8, 8] (the size of a 32×32 image after two reductions) → [N, classes]; the pooling leaves 2×2 and the
/// 2×2 convolution 1×1. Parameters: 128·C + 128·768·4 convolution weights, 2·(128 + 768) batch-norm parameters
/// and 769·classes in the linear layer.
public final class AuxiliaryHead: Module {
  /// The side of the feature maps the head is built for: 8 to 10 pool to 2 × 2 (DARTS assumes 8).
  public static let inputSides = 8...10

  public let conv1: Conv2d
  public let norm1: BatchNorm
  public let conv2: Conv2d
  public let norm2: BatchNorm
  public let classifier: Linear

  public init(channels: Int, classes: Int, random: inout RandomStream) {
    conv1 = Conv2d(channels, 128, kernel: 1, random: &random)
    norm1 = BatchNorm(128)
    conv2 = Conv2d(128, 768, kernel: 2, random: &random)
    norm2 = BatchNorm(768)
    classifier = Linear(768, classes, random: &random)
  }

  /// Logits [N, classes] for features x [N, C, s, s] with s in `inputSides`.
  public func callAsFunction(_ x: Tensor) -> Tensor {
    precondition(
      Self.inputSides.contains(x.shape[2]) && Self.inputSides.contains(x.shape[3]),
      "the auxiliary head needs 8×8 to 10×10 features, got \(x.shape)")
    let pooled = pool2d(x.relu(), .average, kernel: 5, stride: 3)
    let features = norm2(conv2(norm1(conv1(pooled)).relu())).relu()
    return classifier(features.reshaped([x.shape[0], 768]))
  }
}

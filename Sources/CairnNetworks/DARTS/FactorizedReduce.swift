import CairnCore
import CairnEngine

/// DARTS's `FactorizedReduce`: ReLU, then two 1×1 convolutions of stride 2 with C_out/2 filters each, the first on
/// x and the second on x shifted by one pixel (x[:, :, 1:, 1:], zero-padded back to H × W), concatenated along
/// channels, then batch norm.
///
/// x [N, C_in, H, W] → [N, C_out, ⌈H/2⌉, ⌈W/2⌉]: the even pixels feed the first half of the channels and the odd
/// pixels the second. It is `skip_connect` at stride 2 and a reduction cell's successor's `preprocess0`. The zero
/// padding keeps both halves the same size for odd H or W, where the DARTS code's unpadded slice would not.
/// Parameters: C_in·C_out convolution weights plus the batch norm's.
public final class FactorizedReduce: Module {
  public let conv1: Conv2d
  public let conv2: Conv2d
  public let norm: BatchNorm

  /// A reduction to `outChannels`, which must be even (DARTS's networks only reduce to doubled widths).
  public init(
    _ inChannels: Int, _ outChannels: Int, batchNorm: BatchNormOptions, random: inout RandomStream
  ) {
    precondition(
      outChannels % 2 == 0, "FactorizedReduce needs an even output width, got \(outChannels)")
    let geometry = Conv2DGeometry(stride: 2)
    conv1 = Conv2d(inChannels, outChannels / 2, kernel: 1, geometry: geometry, random: &random)
    conv2 = Conv2d(inChannels, outChannels / 2, kernel: 1, geometry: geometry, random: &random)
    norm = batchNorm.make(outChannels)
  }

  public func callAsFunction(_ x: Tensor) -> Tensor { self(activated: x.relu()) }

  /// The output for an input that is already ReLU(x) (shared by the ops that read one node).
  public func callAsFunction(activated: Tensor) -> Tensor {
    let shifted = spatialShift(activated, rows: 1, columns: 1)
    return norm(concatChannels([conv1(activated), conv2(shifted)]))
  }
}

/// Parametric ReLU with one learnable slope for negative inputs, initialised to 0.25 (PyTorch's `nn.PReLU()`).
public final class PReLU: Module {
  public let slope: Tensor

  public init(initialSlope: Float = 0.25) {
    slope = .parameter(shape: [1], values: [initialSlope])
  }

  public func callAsFunction(_ x: Tensor) -> Tensor { x.prelu(slope: slope) }
}

import CairnEngine

/// The weights of a continuous relaxation (DARTS, Liu, Simonyan & Yang, ICLR 2019): every decision's output is
/// Σ_k w_{d,k}·op_k(x) over all its options, with w_d = softmax(α_d). Each weight is a one-element tensor that
/// records its gradient, so one backward pass gives ∂L/∂w for the architecture step.
///
/// Rows after the network's decisions, when present, are edge-normalization weights (PC-DARTS, Xu et al., ICLR
/// 2020): one row per node that sums several edges, weighting each incoming edge (softmax(β) over the node's
/// edges); the network documents its order.
public struct OperationMixture {
  /// [decision][option] weights.
  public var weights: [[Tensor]]

  /// Weights with the given values, recording gradients when `differentiable`.
  public init(_ values: [[Double]], differentiable: Bool) {
    weights = values.map { row in
      row.map { Tensor(scalar: Float($0), requiresGrad: differentiable) }
    }
  }

  /// ∂L/∂w after `backward()`, [decision][option] (0 where no gradient flowed).
  public var gradients: [[Double]] {
    weights.map { row in row.map { Double($0.grad?.item ?? 0) } }
  }
}

/// A network that runs every option of every decision at once, mixed by `OperationMixture` weights.
public protocol MixtureNetwork: ArchitectureNetwork {
  /// Pooled features and logits with every decision's output the weighted sum of all its options' outputs.
  func mixtureOutputs(_ images: Tensor, mixture: OperationMixture) -> FeatureOutputs
}

extension MixtureNetwork {
  /// Logits with every decision's output the weighted sum of all its options' outputs.
  public func callAsFunction(_ images: Tensor, mixture: OperationMixture) -> Tensor {
    mixtureOutputs(images, mixture: mixture).logits
  }
}

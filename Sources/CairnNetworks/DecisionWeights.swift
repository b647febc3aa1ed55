import CairnEngine

/// Differentiable weights of a path's decisions, for a GDAS forward pass (Dong & Yang, CVPR 2019).
///
/// With hard Gumbel-softmax sampling, decision d runs only its sampled option k_d and outputs
/// `h_{d,k}·op_k(x) + Σ_{i≠k} h_{d,i}`, where h = onehot(k) − stopgrad(p) + p: the values are 1 and 0, and the
/// gradients reach the sampling probabilities p of every option. `selected[d]` holds h_{d,k} and `others[d]` the
/// sum over the other options, each a one-element tensor that records its gradient.
public struct DecisionWeights {
  public var selected: [Tensor]
  public var others: [Tensor]

  /// Weights with the given values (1 and 0 in a GDAS forward), recording gradients.
  public init(selected: [Float], others: [Float]) {
    self.selected = selected.map { Tensor(scalar: $0, requiresGrad: true) }
    self.others = others.map { Tensor(scalar: $0, requiresGrad: true) }
  }

  /// The weights of a GDAS forward over `count` decisions: 1 on every sampled option, 0 for the sum of the others.
  public static func gdasForward(count: Int) -> DecisionWeights {
    DecisionWeights(
      selected: Array(repeating: 1, count: count), others: Array(repeating: 0, count: count))
  }

  /// Decision `decision`'s weighted output, given its option's output (nil for a zero op) and its input.
  public func apply(decision: Int, output: Tensor?, input: Tensor) -> Tensor {
    let base = output ?? Tensor.zeros(like: input)
    return base.scaled(by: selected[decision]).shifted(by: others[decision])
  }

  /// The gradients of the loss with respect to `selected` and `others` after `backward()` (0 where none flowed).
  public var gradients: (selected: [Double], others: [Double]) {
    (
      selected.map { Double($0.grad?.item ?? 0) },
      others.map { Double($0.grad?.item ?? 0) }
    )
  }
}

/// A network whose forward pass can weight every decision's output (GDAS and other differentiable methods).
public protocol DecisionWeightedNetwork: ArchitectureNetwork {
  /// Logits under `architecture` with every decision's output weighted by `weights` (one entry per decision).
  func callAsFunction(_ images: Tensor, architecture: Architecture, weights: DecisionWeights)
    -> Tensor
}

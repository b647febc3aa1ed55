import CairnEngine
import CairnSpaces

/// Differentiable per-edge weights of a GDAS forward pass (Dong & Yang, CVPR 2019).
///
/// With hard Gumbel-softmax sampling, edge e runs only its sampled op k_e and outputs
/// `h_{e,k}·op_k(x) + Σ_{i≠k} h_{e,i}`, where h = onehot(k) − stopgrad(p) + p: the values are 1 and 0, and the
/// gradients reach the sampling probabilities p of every op. `selected[e]` holds h_{e,k} and `others[e]` the sum
/// over the other ops, each a one-element tensor that records its gradient.
public struct NB201EdgeWeights {
  public var selected: [Tensor]
  public var others: [Tensor]

  /// Weights with the given values (1 and 0 in a GDAS forward), recording gradients.
  public init(selected: [Float], others: [Float]) {
    precondition(selected.count == NB201Architecture.edgeCount && others.count == selected.count)
    self.selected = selected.map { Tensor(scalar: $0, requiresGrad: true) }
    self.others = others.map { Tensor(scalar: $0, requiresGrad: true) }
  }

  /// Edge `edge`'s weighted output, given its op's output (nil for `none`) and the edge input.
  func apply(edge: Int, output: Tensor?, input: Tensor) -> Tensor {
    let base = output ?? Tensor.zeros(like: input)
    return base.scaled(by: selected[edge]).shifted(by: others[edge])
  }

  /// The gradients of the loss with respect to `selected` and `others` after `backward()` (0 where none flowed).
  public var gradients: (selected: [Double], others: [Double]) {
    (
      selected.map { Double($0.grad?.item ?? 0) },
      others.map { Double($0.grad?.item ?? 0) }
    )
  }
}

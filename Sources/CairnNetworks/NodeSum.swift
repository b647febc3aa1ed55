import CairnEngine

/// The addends of a cell node: batch-normalized convolution outputs and other tensors, summed in one fused pass
/// (`batchNormSum`) when every batch norm uses batch statistics, else by the separate ops.
public struct NodeSum {
  private var normalized: [(input: Tensor, norm: BatchNorm)] = []
  private var others: [Tensor] = []

  public init() {}

  /// Adds a tensor as it is.
  public mutating func add(_ tensor: Tensor) { others.append(tensor) }

  /// Adds `norm(x)`, the batch norm applied inside the sum.
  public mutating func add(normalizing x: Tensor, with norm: BatchNorm) {
    normalized.append((x, norm))
  }

  /// The sum, or nil when nothing was added.
  public func result() -> Tensor? {
    if normalized.isEmpty { return others.isEmpty ? nil : sum(others) }
    guard normalized.allSatisfy({ $0.norm.usesBatchStatistics }) else {
      return sum(normalized.map { $0.norm($0.input) } + others)
    }
    let fused = batchNormSum(normalized.map { $0.norm.addend($0.input) }, plus: others)
    for (entry, moments) in zip(normalized, fused.statistics) {
      entry.norm.didNormalize(entry.input, mean: moments.mean, variance: moments.variance)
    }
    return fused.output
  }
}

import CairnEngine

extension BatchNorm {
  /// Batch normalization of x [N, c, H, W] with the leading c channels of this layer: their scale and shift,
  /// and (in evaluation) their running statistics. In training mode with tracked statistics, only the leading c
  /// running means and variances are updated. The same as `callAsFunction(_:)` when c is the layer's width.
  ///
  /// Per-channel statistics make this equal to normalizing at full width and keeping the first c channels.
  public func callAsFunction(sliced x: Tensor) -> Tensor {
    let c = x.shape[1]
    guard let width = scale?.shape[0] ?? runningMean?.shape[0], c != width else { return self(x) }
    precondition(c < width, "cannot normalize \(c) channels with a \(width)-channel batch norm")
    let scale = scale?.leadingSlice(c)
    let shift = shift?.leadingSlice(c)
    if !isTraining && !alwaysUsesBatchStatistics, let runningMean, let runningVariance {
      let statistics = BatchNormStatistics.given(
        mean: runningMean.leadingSlice(c), variance: runningVariance.leadingSlice(c))
      return batchNorm(x, scale: scale, shift: shift, statistics: statistics, epsilon: epsilon)
        .output
    }
    let result = batchNorm(x, scale: scale, shift: shift, statistics: .batch, epsilon: epsilon)
    if isTraining, let mean = result.batchMean, let variance = result.batchVariance {
      updateLeadingStatistics(mean: mean, variance: variance, count: x.elementCount / c)
    }
    return result.output
  }

  /// Moves the leading running statistics towards a batch's (momentum update, unbiased variance, as
  /// `callAsFunction(_:)` does for the whole layer).
  private func updateLeadingStatistics(mean: Tensor, variance: Tensor, count: Int) {
    guard let runningMean, let runningVariance else { return }
    let unbiased = count > 1 ? Float(count) / Float(count - 1) : 1
    let momentum = momentumOverride ?? self.momentum
    runningMean.withMutableValues { rm in
      mean.withValues { m in
        for i in 0..<m.count { rm[i] = (1 - momentum) * rm[i] + momentum * m[i] }
      }
    }
    runningVariance.withMutableValues { rv in
      variance.withValues { v in
        for i in 0..<v.count { rv[i] = (1 - momentum) * rv[i] + momentum * v[i] * unbiased }
      }
    }
  }
}

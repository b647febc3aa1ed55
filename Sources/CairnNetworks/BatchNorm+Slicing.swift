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
      updateRunningStatistics(mean: mean, variance: variance, count: x.elementCount / c)
    }
    return result.output
  }
}

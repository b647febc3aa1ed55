import CairnCore

/// A 2-D convolution layer with weight [O, C/groups, k, k] and optional bias [O].
public final class Conv2d: Module {
  public let weight: Tensor
  public let bias: Tensor?
  public let geometry: Conv2DGeometry

  /// PyTorch-default initialisation (kaiming-uniform weights, uniform bias with bound 1/√fan_in).
  public init(
    _ inChannels: Int, _ outChannels: Int, kernel: Int, geometry: Conv2DGeometry = Conv2DGeometry(),
    bias: Bool = false, initializer: Initializer = .pytorchDefault, random: inout RandomStream
  ) {
    precondition(
      inChannels % geometry.groups == 0 && outChannels % geometry.groups == 0,
      "channels must divide groups")
    let shape = [outChannels, inChannels / geometry.groups, kernel, kernel]
    weight = .parameter(shape: shape, values: initializer.values(shape: shape, using: &random))
    if bias {
      let bound = Float(1 / Double(shape[1] * kernel * kernel).squareRoot())
      self.bias = .parameter(
        shape: [outChannels],
        values: Initializer.uniform(bound: bound).values(shape: [outChannels], using: &random))
    } else {
      self.bias = nil
    }
    self.geometry = geometry
  }

  public func callAsFunction(_ x: Tensor) -> Tensor {
    conv2d(x, weight: weight, bias: bias, geometry: geometry)
  }
}

/// A fully connected layer with weight [O, I] and bias [O], PyTorch-default initialisation.
public final class Linear: Module {
  public let weight: Tensor
  public let bias: Tensor?

  public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true, random: inout RandomStream)
  {
    let shape = [outFeatures, inFeatures]
    weight = .parameter(
      shape: shape, values: Initializer.pytorchDefault.values(shape: shape, using: &random))
    let bound = Float(1 / Double(inFeatures).squareRoot())
    self.bias =
      bias
      ? .parameter(
        shape: [outFeatures],
        values: Initializer.uniform(bound: bound).values(shape: [outFeatures], using: &random))
      : nil
  }

  public func callAsFunction(_ x: Tensor) -> Tensor {
    linear(x, weight: weight, bias: bias)
  }
}

/// Batch normalization over channels, with the options weight-sharing NAS needs to name explicitly.
///
/// - `affine`: learnable γ (init 1) and β (init 0).
/// - `tracksRunningStatistics`: keep running mean/variance (momentum update, unbiased variance as PyTorch does).
/// - In training mode the batch statistics are used. In evaluation mode the running statistics are used when
///   tracked, else the batch statistics (the landmark paper's default for scoring sub-networks).
public final class BatchNorm: Module {
  public let scale: Tensor?
  public let shift: Tensor?
  public let runningMean: Tensor?
  public let runningVariance: Tensor?
  public let momentum: Float
  public let epsilon: Float
  /// Forces batch statistics even in evaluation mode (as NB201's training code does).
  public var alwaysUsesBatchStatistics = false
  /// Replaces `momentum` while set: 1/(k+1) at the k-th batch gives the cumulative average used to recalibrate.
  public var momentumOverride: Float?

  public init(
    _ channels: Int, affine: Bool = true, tracksRunningStatistics: Bool = true,
    momentum: Float = 0.1,
    epsilon: Float = 1e-5
  ) {
    scale =
      affine ? .parameter(shape: [channels], values: .init(repeating: 1, count: channels)) : nil
    shift =
      affine ? .parameter(shape: [channels], values: .init(repeating: 0, count: channels)) : nil
    runningMean = tracksRunningStatistics ? Tensor(zeros: [channels]) : nil
    runningVariance = tracksRunningStatistics ? Tensor(repeating: 1, shape: [channels]) : nil
    self.momentum = momentum
    self.epsilon = epsilon
  }

  public func callAsFunction(_ x: Tensor) -> Tensor {
    if !isTraining && !alwaysUsesBatchStatistics, let runningMean, let runningVariance {
      return batchNorm(
        x, scale: scale, shift: shift,
        statistics: .given(mean: runningMean, variance: runningVariance),
        epsilon: epsilon
      ).output
    }
    let result = batchNorm(x, scale: scale, shift: shift, statistics: .batch, epsilon: epsilon)
    if isTraining, let mean = result.batchMean, let variance = result.batchVariance {
      updateRunningStatistics(mean: mean, variance: variance, count: x.elementCount / x.shape[1])
    }
    return result.output
  }

  /// Whether a call normalizes with the batch's statistics: in training mode, or in evaluation mode without running
  /// statistics or with `alwaysUsesBatchStatistics`.
  public var usesBatchStatistics: Bool {
    isTraining || alwaysUsesBatchStatistics || runningMean == nil
  }

  /// x as an addend of `batchNormSum`, normalized as a call with batch statistics would.
  public func addend(_ x: Tensor) -> NormalizedAddend {
    NormalizedAddend(x, scale: scale, shift: shift, epsilon: epsilon)
  }

  /// What a call does after normalizing x with its batch statistics (computed by `batchNormSum`): in training
  /// mode, move the running statistics towards them.
  public func didNormalize(_ x: Tensor, mean: Tensor, variance: Tensor) {
    guard isTraining else { return }
    updateRunningStatistics(mean: mean, variance: variance, count: x.elementCount / x.shape[1])
  }

  /// Moves the leading `mean.elementCount` running means and variances towards a batch's statistics over `count`
  /// values per channel (momentum update, unbiased variance, as PyTorch does); all of them for a full-width
  /// batch, the leading ones for a sliced one. Nothing when the layer tracks no running statistics.
  package func updateRunningStatistics(mean: Tensor, variance: Tensor, count: Int) {
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

  /// Resets running statistics to mean 0, variance 1 (before recalibrating over a few batches).
  public func resetRunningStatistics() {
    runningMean?.withMutableValues { $0.update(repeating: 0) }
    runningVariance?.withMutableValues { $0.update(repeating: 1) }
  }
}

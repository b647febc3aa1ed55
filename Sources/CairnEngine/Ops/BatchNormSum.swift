import CDNNL

/// One batch-normalized addend of `batchNormSum`: x [N, C, H, W] normalized per channel with its batch statistics,
/// then scaled by γ and shifted by β when affine.
public struct NormalizedAddend {
  public let input: Tensor
  public let scale: Tensor?
  public let shift: Tensor?
  public let epsilon: Float

  public init(_ input: Tensor, scale: Tensor?, shift: Tensor?, epsilon: Float = 1e-5) {
    self.input = input
    self.scale = scale
    self.shift = shift
    self.epsilon = epsilon
  }
}

/// The result of `batchNormSum`: the sum, and each normalized addend's batch mean and biased variance.
public struct BatchNormSumResult {
  public let output: Tensor
  public let statistics: [(mean: Tensor, variance: Tensor)]
}

/// Σ_k BN_k(x_k) + Σ_j r_j with batch statistics: an NB201 node summing the batch-normalized outputs of its
/// convolutional edges and the outputs of its other edges, in one pass over memory.
///
/// Unfused, each batch norm writes its output and each addition reads two tensors and writes one; fused, the
/// statistics are read from each x_k and one pass reads every addend and writes the sum. The backward pass is the
/// unfused one (oneDNN's batch-norm backward for each x_k, the output gradient itself for each r_j). Addends in
/// the channel-blocked layouts Cairn's convolutions write take the fused path; others are normalized and added by
/// the separate ops, with the same result.
public func batchNormSum(_ normalized: [NormalizedAddend], plus others: [Tensor] = [])
  -> BatchNormSumResult
{
  precondition(!normalized.isEmpty, "batchNormSum needs at least one normalized addend")
  let shape = normalized[0].input.shape
  for addend in normalized {
    precondition(
      addend.input.shape == shape, "cannot sum shapes \(shape) and \(addend.input.shape)")
  }
  for other in others {
    precondition(other.shape == shape, "cannot sum shapes \(shape) and \(other.shape)")
  }
  guard let block = BatchNormSumPlan.fusedBlock(normalized) else {
    return BatchNormSumPlan.unfused(normalized, plus: others)
  }
  return BatchNormSumPlan.fused(normalized, plus: others, block: block)
}

enum BatchNormSumPlan {
  /// The channel block of the fused path: every x_k 4-D in one unpadded `nChw8c` or `nChw16c` layout.
  static func fusedBlock(_ normalized: [NormalizedAddend]) -> Int? {
    let descriptor = normalized[0].input.descriptor
    guard OwnKernels.areEnabled, normalized.allSatisfy({ $0.input.descriptor == descriptor }) else {
      return nil
    }
    return descriptor.unpaddedChannelBlock
  }

  static func unfused(_ normalized: [NormalizedAddend], plus others: [Tensor]) -> BatchNormSumResult
  {
    let results = normalized.map {
      batchNorm($0.input, scale: $0.scale, shift: $0.shift, statistics: .batch, epsilon: $0.epsilon)
    }
    return BatchNormSumResult(
      output: sum(results.map(\.output) + others),
      statistics: results.map { ($0.batchMean!, $0.batchVariance!) })
  }

  static func fused(_ normalized: [NormalizedAddend], plus others: [Tensor], block: Int)
    -> BatchNormSumResult
  {
    let descriptor = normalized[0].input.descriptor
    let shape = normalized[0].input.shape
    let rows = BatchNormSumKernels.Rows(
      samples: shape[0], blocks: shape[1] / block, plane: shape[2] * shape[3])
    var statistics: [(mean: [Float], variance: [Float])] = []
    Profiler.measure("batch_normalization|cairn:fused statistics|\(descriptor)") {
      statistics = normalized.map { addend in
        block == 16
          ? BatchNormSumKernels.statistics(SIMD16<Float>.self, addend.input.storage.floats, rows)
          : BatchNormSumKernels.statistics(SIMD8<Float>.self, addend.input.storage.floats, rows)
      }
    }
    let terms = zip(normalized, statistics).map { addend, moments in
      let (scale, shift) = coefficients(addend, mean: moments.mean, variance: moments.variance)
      return BatchNormSumKernels.Term(
        x: UnsafePointer(addend.input.storage.floats), scale: scale, shift: shift)
    }
    let sameLayout = others.map { $0.converted(to: descriptor) }
    let output = Tensor.output(descriptor, shape: shape)
    Profiler.measure(
      "batch_normalization|cairn:fused sum|\(descriptor) x\(normalized.count)+\(others.count)"
    ) {
      withExtendedLifetime((normalized, sameLayout)) {
        let pointers = sameLayout.map { UnsafePointer($0.storage.floats) }
        if block == 16 {
          BatchNormSumKernels.apply(
            SIMD16<Float>.self, terms: terms, others: pointers, into: output.storage.floats, rows)
        } else {
          BatchNormSumKernels.apply(
            SIMD8<Float>.self, terms: terms, others: pointers, into: output.storage.floats, rows)
        }
      }
    }
    let moments = statistics.map {
      (
        mean: Tensor(shape: [shape[1]], values: $0.mean),
        variance: Tensor(shape: [shape[1]], values: $0.variance)
      )
    }
    return BatchNormSumResult(
      output: record(normalized, others: others, moments: moments, output: output),
      statistics: moments)
  }

  /// Per channel, a and b of BN(x) = a · x + b: a = γ / √(σ² + ε), b = β − μ · a.
  static func coefficients(_ addend: NormalizedAddend, mean: [Float], variance: [Float])
    -> (scale: [Float], shift: [Float])
  {
    let gamma = addend.scale?.toArray() ?? [Float](repeating: 1, count: mean.count)
    let beta = addend.shift?.toArray() ?? [Float](repeating: 0, count: mean.count)
    let scale = mean.indices.map { gamma[$0] / (variance[$0] + addend.epsilon).squareRoot() }
    let shift = mean.indices.map { beta[$0] - mean[$0] * scale[$0] }
    return (scale, shift)
  }

  /// Records the gradient: oneDNN's batch-norm backward for every normalized addend, the output gradient for
  /// every other one.
  static func record(
    _ normalized: [NormalizedAddend], others: [Tensor],
    moments: [(mean: Tensor, variance: Tensor)], output: Tensor
  ) -> Tensor {
    let inputs =
      normalized.flatMap { addend in
        [addend.input] + (addend.scale.map { [$0, addend.shift!] } ?? [])
      } + others
    return Tensor.record("batchNormSum", output: output, inputs: inputs) { g in
      var gradients: [Tensor?] = []
      for (addend, moment) in zip(normalized, moments) {
        let flags = BatchNormPlan.flags(affine: addend.scale != nil, givenStatistics: false)
        gradients += BatchNormPlan.backward(
          source: addend.input, mean: moment.mean, variance: moment.variance, gradOutput: g,
          scale: addend.scale?.plain(), shift: addend.shift?.plain(), flags: flags,
          epsilon: addend.epsilon)
      }
      return gradients + Array(repeating: g, count: others.count)
    }
  }
}

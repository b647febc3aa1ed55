import CairnTestSupport
import Testing

@_spi(Benchmarks) @testable import CairnEngine

/// The fused batch-norm sum against the separate ops it replaces (batch norm of each addend, then additions), and
/// its gradients against finite differences.
@Suite struct BatchNormSumTests {
  /// Two normalized addends (one affine, one not) and one plain addend, in a layout of `block` channels.
  static func addends(block: Int, channels: Int) -> (
    normalized: [NormalizedAddend], others: [Tensor]
  ) {
    let shape = [3, channels, 5, 4]
    let layout = MemoryDescriptor.blocked(shape, channelBlock: block)
    func blocked(_ seed: UInt64, shift: Float = 0) -> Tensor {
      let x = randomTensor(shape, seed: seed)
      // an offset mean, as convolution outputs have, tests the variance's numerics
      let offset = Tensor(
        shape: shape, values: x.toArray().map { 2 * $0 + shift }, requiresGrad: true)
      return offset.converted(to: layout)
    }
    let gamma = randomTensor([channels], seed: 11)
    let beta = randomTensor([channels], seed: 12)
    let normalized = [
      NormalizedAddend(blocked(1, shift: 3), scale: gamma, shift: beta),
      NormalizedAddend(blocked(2, shift: -1), scale: nil, shift: nil),
    ]
    return (normalized, [randomTensor(shape, seed: 3)])
  }

  static func unfused(_ normalized: [NormalizedAddend], _ others: [Tensor]) -> Tensor {
    BatchNormSumPlan.unfused(normalized, plus: others).output
  }

  @Test(arguments: [(16, 32), (8, 16), (8, 24)])
  func fusedMatchesTheSeparateOps(block: Int, channels: Int) throws {
    let (normalized, others) = Self.addends(block: block, channels: channels)
    #expect(BatchNormSumPlan.fusedBlock(normalized) == block)
    let fused = batchNormSum(normalized, plus: others)
    let reference = BatchNormSumPlan.unfused(normalized, plus: others)
    let difference = zip(fused.output.toArray(), reference.output.toArray()).map { abs($0 - $1) }
    #expect(difference.max()! < 1e-4)
    for (a, b) in zip(fused.statistics, reference.statistics) {
      #expect(maxAbsDifference(a.mean.toArray(), b.mean.toArray().map(Double.init)) < 1e-5)
      #expect(maxAbsDifference(a.variance.toArray(), b.variance.toArray().map(Double.init)) < 1e-4)
    }
  }

  @Test func gradientsMatchTheSeparateOps() throws {
    let (normalized, others) = Self.addends(block: 16, channels: 16)
    let leaves = [
      normalized[0].input, normalized[1].input, normalized[0].scale!, normalized[0].shift!,
      others[0],
    ]
    let projection = GradientCheck.projection(like: others[0])
    func gradients(_ f: () -> Tensor) -> [[Float]] {
      for leaf in leaves { leaf.grad = nil }
      (f() * projection).sum().backward()
      #expect(leaves.allSatisfy { $0.grad != nil }, "\(leaves.map { $0.grad == nil })")
      return leaves.map { $0.grad?.toArray() ?? [] }
    }
    // the blocked inputs are views made by `converted`; give them gradients as leaves
    for leaf in leaves { leaf.requiresGrad = true }
    let fused = gradients { batchNormSum(normalized, plus: others).output }
    let reference = gradients { Self.unfused(normalized, others) }
    for (a, b) in zip(fused, reference) {
      #expect(maxAbsDifference(a, b.map(Double.init)) < 1e-4)
    }
  }

  @Test func gradientsMatchFiniteDifferences() {
    let shape = [2, 16, 3, 3]
    let x = randomTensor(shape, seed: 21)
    let r = randomTensor(shape, seed: 22)
    let gamma = randomTensor([16], seed: 23)
    let beta = randomTensor([16], seed: 24)
    let projection = GradientCheck.projection(like: x)
    let error = GradientCheck.maximumRelativeError(inputs: [x, r, gamma, beta]) {
      let blocked = Tensor.record(
        "to blocked", output: x.converted(to: .blocked(shape, channelBlock: 16)), inputs: [x]
      ) { g in [g] }
      let node = batchNormSum(
        [NormalizedAddend(blocked, scale: gamma, shift: beta)], plus: [r])
      return (node.output * projection).sum()
    }
    #expect(error < 2e-2)
  }

  @Test func otherLayoutsTakeTheSeparateOps() {
    let plain = randomTensor([2, 16, 3, 3], seed: 31)
    let addend = NormalizedAddend(plain, scale: nil, shift: nil)
    #expect(BatchNormSumPlan.fusedBlock([addend]) == nil)
    let (normalized, _) = Self.addends(block: 16, channels: 16)
    #expect(
      OwnKernels.$areEnabled.withValue(false) { BatchNormSumPlan.fusedBlock(normalized) } == nil)
    let result = batchNormSum([addend], plus: [plain])
    let reference = Self.unfused([addend], [plain])
    #expect(maxAbsDifference(result.output.toArray(), reference.toArray().map(Double.init)) < 1e-6)
  }

  /// Statistics against an f64 reference where one pass over shifted sums could lose precision: a mean far from
  /// zero, a constant channel, an outlier at the first position of the first sample, and a plane wide enough to
  /// split over the threads.
  @Test(arguments: [16, 8])
  func statisticsHoldTheirPrecision(block: Int) throws {
    let shape = [6, 16, 12, 12]
    let plane = 144
    var values = randomTensor(shape, seed: 81, requiresGrad: false).toArray()
    for sample in 0..<shape[0] {
      for position in 0..<plane {
        let base = (sample * 16) * plane + position
        values[base + 1 * plane] = 1e4 + values[base + 1 * plane]  // mean 1e4, spread 1
        values[base + 2 * plane] = 7  // constant
        values[base + 3 * plane] *= 1e-3  // tiny spread
      }
    }
    values[4 * plane] = 1e3  // sample 0, channel 4, position 0: an outlier
    let x = Tensor(shape: shape, values: values).converted(
      to: .blocked(shape, channelBlock: block))
    let beta = randomTensor([16], seed: 82, requiresGrad: false)
    let gamma = Tensor(repeating: 1, shape: [16])
    let fused = batchNormSum([NormalizedAddend(x, scale: gamma, shift: beta)])
    let (mean, variance) = referenceChannelStatistics(values, shape)
    let fusedMean = fused.statistics[0].mean.toArray()
    let fusedVariance = fused.statistics[0].variance.toArray()
    for k in 0..<16 {
      #expect(abs(Double(fusedMean[k]) - mean[k]) <= 1e-6 * max(abs(mean[k]), 1), "mean \(k)")
      #expect(
        abs(Double(fusedVariance[k]) - variance[k]) <= 1e-4 * variance[k] + 1e-9,
        "variance \(k): \(fusedVariance[k]) against \(variance[k])")
    }
    #expect(fusedVariance[2] == 0)
    // a constant channel normalizes to β
    let output = fused.output.toArray()
    let betaValues = beta.toArray()
    #expect((0..<plane).allSatisfy { abs(output[2 * plane + $0] - betaValues[2]) < 1e-3 })
  }
}

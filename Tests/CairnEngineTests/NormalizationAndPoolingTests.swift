import CairnTestSupport
import Foundation
import Testing

@testable import CairnEngine

@Suite struct BatchNormTests {
  /// Reference: per-channel (x − mean) / sqrt(var + eps) · γ + β with biased batch variance.
  func reference(
    _ x: [Float], _ shape: [Int], scale: [Float]?, shift: [Float]?, mean given: [Float]?,
    variance gv: [Float]?
  )
    -> [Double]
  {
    let (n, c) = (shape[0], shape[1])
    let inner = shape.dropFirst(2).reduce(1, *)
    let batch = referenceChannelStatistics(x, shape)
    var y = [Double](repeating: 0, count: x.count)
    for ch in 0..<c {
      let mean = given.map { Double($0[ch]) } ?? batch.mean[ch]
      let variance = gv.map { Double($0[ch]) } ?? batch.variance[ch]
      for b in 0..<n {
        for i in 0..<inner {
          let k = (b * c + ch) * inner + i
          y[k] =
            (Double(x[k]) - mean) / (variance + 1e-5).squareRoot() * Double(scale?[ch] ?? 1)
            + Double(shift?[ch] ?? 0)
        }
      }
    }
    return y
  }

  @Test(arguments: [(true, [2, 8, 4, 4]), (false, [3, 5, 3, 3]), (true, [4, 6])])
  func batchStatisticsForwardAndGradient(affine: Bool, shape: [Int]) {
    let x = randomTensor(shape, seed: 11)
    let scale = affine ? randomTensor([shape[1]], seed: 12) : nil
    let shift = affine ? randomTensor([shape[1]], seed: 13) : nil
    let result = batchNorm(x, scale: scale, shift: shift, statistics: .batch)
    let expected = reference(
      x.toArray(), shape, scale: scale?.toArray(), shift: shift?.toArray(), mean: nil, variance: nil
    )
    #expect(maxAbsDifference(result.output.toArray(), expected) < 1e-4)
    let r = GradientCheck.projection(like: result.output)
    let inputs = [x] + (affine ? [scale!, shift!] : [])
    let error = GradientCheck.maximumRelativeError(inputs: inputs) {
      (batchNorm(x, scale: scale, shift: shift, statistics: .batch).output * r).sum()
    }
    #expect(error < 2e-2)
  }

  @Test func givenStatisticsForwardAndGradient() {
    let shape = [2, 8, 3, 3]
    let x = randomTensor(shape, seed: 14)
    let scale = randomTensor([8], seed: 15)
    let shift = randomTensor([8], seed: 16)
    let mean = randomTensor([8], seed: 17, requiresGrad: false)
    let variance = Tensor(shape: [8], values: (0..<8).map { 0.5 + Float($0) * 0.1 })
    let y = batchNorm(
      x, scale: scale, shift: shift, statistics: .given(mean: mean, variance: variance)
    ).output
    let expected = reference(
      x.toArray(), shape, scale: scale.toArray(), shift: shift.toArray(), mean: mean.toArray(),
      variance: variance.toArray())
    #expect(maxAbsDifference(y.toArray(), expected) < 1e-4)
    let r = GradientCheck.projection(like: y)
    let error = GradientCheck.maximumRelativeError(inputs: [x, scale, shift]) {
      (batchNorm(x, scale: scale, shift: shift, statistics: .given(mean: mean, variance: variance))
        .output * r).sum()
    }
    #expect(error < 1e-2)
  }

  @Test func moduleTracksRunningStatisticsLikePyTorch() {
    let bn = BatchNorm(4, affine: true, tracksRunningStatistics: true, momentum: 0.1)
    let x = randomTensor([2, 4, 3, 3], seed: 18, requiresGrad: false)
    _ = bn(x)
    let values = x.toArray()
    for ch in 0..<4 {
      var v: [Double] = []
      for b in 0..<2 { for i in 0..<9 { v.append(Double(values[(b * 4 + ch) * 9 + i])) } }
      let mean = v.reduce(0, +) / 18
      let unbiased = v.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 17
      #expect(abs(Double(bn.runningMean!.toArray()[ch]) - 0.1 * mean) < 1e-5)
      #expect(abs(Double(bn.runningVariance!.toArray()[ch]) - (0.9 + 0.1 * unbiased)) < 1e-5)
    }
    // Evaluation mode uses the running statistics; with alwaysUsesBatchStatistics the batch ones.
    bn.train(false)
    let evalOutput = bn(x).toArray()
    let expectedEval = reference(
      values, x.shape, scale: nil, shift: nil, mean: bn.runningMean!.toArray(),
      variance: bn.runningVariance!.toArray())
    #expect(maxAbsDifference(evalOutput, expectedEval) < 1e-4)
    bn.alwaysUsesBatchStatistics = true
    let batchOutput = bn(x).toArray()
    #expect(
      maxAbsDifference(
        batchOutput, reference(values, x.shape, scale: nil, shift: nil, mean: nil, variance: nil))
        < 1e-4)
  }

  @Test func moduleWithoutTrackingLeavesNoBuffers() {
    let bn = BatchNorm(4, affine: false, tracksRunningStatistics: false)
    #expect(bn.namedTensors().isEmpty)
    #expect(bn.parameterCount == 0)
  }
}

@Suite struct PoolingTests {
  @Test(arguments: [
    (PoolingKind.average, 3, 1, 1), (PoolingKind.average, 3, 2, 1), (PoolingKind.max, 3, 1, 1),
    (PoolingKind.max, 3, 2, 1), (PoolingKind.average, 2, 2, 0),
  ])
  func forwardAndGradient(kind: PoolingKind, kernel: Int, stride: Int, padding: Int) {
    let x = randomTensor([2, 8, 6, 6], seed: 21)
    let y = pool2d(x, kind, kernel: kernel, stride: stride, padding: padding)
    let expected = referencePool(
      x.toArray(), x.shape, max: kind == .max, kernel: kernel, stride: stride, padding: padding)
    #expect(maxAbsDifference(y.toArray(), expected) < 1e-5)
    let r = GradientCheck.projection(like: y)
    let error = GradientCheck.maximumRelativeError(inputs: [x], epsilon: 1e-3) {
      (pool2d(x, kind, kernel: kernel, stride: stride, padding: padding) * r).sum()
    }
    #expect(error < 2e-2)
  }

  @Test func globalAveragePoolForwardAndGradient() {
    let x = randomTensor([3, 8, 4, 4], seed: 22)
    let y = globalAveragePool(x)
    #expect(y.shape == [3, 8])
    let values = x.toArray()
    let expected = (0..<24).map { k in
      (0..<16).map { Double(values[k * 16 + $0]) }.reduce(0, +) / 16
    }
    #expect(maxAbsDifference(y.toArray(), expected) < 1e-5)
    let r = GradientCheck.projection(like: y)
    #expect(
      GradientCheck.maximumRelativeError(inputs: [x]) { (globalAveragePool(x) * r).sum() } < 1e-2)
  }
}

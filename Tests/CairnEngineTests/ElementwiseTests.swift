import CairnCore
import CairnTestSupport
import Foundation
import Testing

@testable import CairnEngine

@Suite struct ElementwiseTests {
  @Test func reluForwardAndGradient() {
    let x = randomTensor([2, 8, 3, 3], seed: 31)
    let y = x.relu()
    #expect(maxAbsDifference(y.toArray(), x.toArray().map { Double(max($0, 0)) }) == 0)
    let r = GradientCheck.projection(like: y)
    #expect(
      GradientCheck.maximumRelativeError(inputs: [x], epsilon: 1e-3) { (x.relu() * r).sum() } < 1e-2
    )
  }

  @Test func addSubtractMultiply() {
    let a = randomTensor([2, 3], seed: 32)
    let b = randomTensor([2, 3], seed: 33)
    let (av, bv) = (a.toArray(), b.toArray())
    #expect(maxAbsDifference((a + b).toArray(), zip(av, bv).map { Double($0 + $1) }) < 1e-6)
    #expect(maxAbsDifference((a - b).toArray(), zip(av, bv).map { Double($0 - $1) }) < 1e-6)
    #expect(maxAbsDifference((a * b).toArray(), zip(av, bv).map { Double($0 * $1) }) < 1e-6)
    let r = GradientCheck.projection(like: a)
    #expect(
      GradientCheck.maximumRelativeError(inputs: [a, b]) { ((a - b) * (a + b) * r).sum() } < 1e-2)
  }

  @Test func sumOfManyInputsInBlockedLayout() {
    let x = randomTensor([2, 8, 4, 4], seed: 34)
    let w = randomTensor([8, 8, 1, 1], seed: 35)
    let blocked = conv2d(x, weight: w)  // blocked layout output
    let plainInput = randomTensor([2, 8, 4, 4], seed: 36)
    let s = sum([blocked, plainInput, blocked.relu()])
    let expected = zip(zip(blocked.toArray(), plainInput.toArray()), blocked.toArray()).map {
      Double($0.0 + $0.1 + max($1, 0))
    }
    #expect(maxAbsDifference(s.toArray(), expected) < 1e-5)
    let r = GradientCheck.projection(like: s)
    #expect(
      GradientCheck.maximumRelativeError(inputs: [x, w, plainInput], epsilon: 1e-3) {
        let b = conv2d(x, weight: w)
        return (sum([b, plainInput, b.relu()]) * r).sum()
      } < 2e-2)
  }

  @Test func scaleByConstantAndByDifferentiableWeight() {
    let x = randomTensor([2, 8, 3, 3], seed: 37)
    let weight = Tensor(scalar: 0.7, requiresGrad: true)
    #expect(
      maxAbsDifference(x.scaled(by: 2.5).toArray(), x.toArray().map { Double($0 * 2.5) }) < 1e-6)
    #expect(
      maxAbsDifference(x.scaled(by: weight).toArray(), x.toArray().map { Double($0 * 0.7) }) < 1e-6)
    let r = GradientCheck.projection(like: x)
    #expect(
      GradientCheck.maximumRelativeError(inputs: [x]) { (x.scaled(by: -1.5) * r).sum() } < 1e-2)
    #expect(
      GradientCheck.maximumRelativeError(inputs: [x, weight]) {
        (x.relu().scaled(by: weight) * r).sum()
      } < 1e-2)
  }

  /// Scaling a blocked tensor whose channels do not fill its blocks (a convolution's 12 channels in blocks of 8 or
  /// 16) by a weight scales its values, keeps its layout, and a sum over it stays exact.
  @Test func scalingABlockedPaddedTensorByAWeight() {
    var random = RandomStream(seed: 43)
    let convolution = Conv2d(
      3, 12, kernel: 3, geometry: Conv2DGeometry(padding: 1), random: &random)
    let x = convolution(randomTensor([2, 3, 6, 6], seed: 44))
    let weight = Tensor(scalar: -0.35, requiresGrad: true)
    let y = x.scaled(by: weight)
    #expect(y.descriptor == x.descriptor)
    #expect(maxAbsDifference(y.toArray(), x.toArray().map { Double($0 * -0.35) }) < 1e-6)
    let total = (y + x).sum()
    let expected = x.toArray().reduce(0.0) { $0 + Double($1) * 0.65 }
    #expect(abs(Double(total.item) - expected) < 1e-3)
  }

  @Test func shiftingByADifferentiableScalar() {
    let x = randomTensor([2, 8, 3, 3], seed: 41)
    let bias = Tensor(scalar: -0.3, requiresGrad: true)
    #expect(
      maxAbsDifference(x.shifted(by: bias).toArray(), x.toArray().map { Double($0 - 0.3) }) < 1e-6)
    let r = GradientCheck.projection(like: x)
    #expect(
      GradientCheck.maximumRelativeError(inputs: [x, bias]) {
        (x.relu().shifted(by: bias).relu() * r).sum()
      } < 1e-2)
  }

  @Test func zerosCarryNoGradient() {
    let x = randomTensor([2, 3], seed: 38)
    let z = Tensor.zeros(like: x)
    #expect(z.toArray().allSatisfy { $0 == 0 })
    #expect(!z.requiresGrad)
  }

  @Test func concatAndSliceChannels() {
    let a = randomTensor([2, 3, 2, 2], seed: 39)
    let b = randomTensor([2, 5, 2, 2], seed: 40)
    let c = concatChannels([a, b])
    #expect(c.shape == [2, 8, 2, 2])
    let (av, bv, cv) = (a.toArray(), b.toArray(), c.toArray())
    for n in 0..<2 {
      #expect(Array(cv[(n * 8) * 4..<(n * 8 + 3) * 4]) == Array(av[(n * 3) * 4..<(n * 3 + 3) * 4]))
      #expect(
        Array(cv[(n * 8 + 3) * 4..<(n * 8 + 8) * 4]) == Array(bv[(n * 5) * 4..<(n * 5 + 5) * 4]))
    }
    #expect(c.sliceChannels(3..<8).toArray() == bv)
    let r = GradientCheck.projection(like: c.sliceChannels(2..<6))
    #expect(
      GradientCheck.maximumRelativeError(inputs: [a, b]) {
        (concatChannels([a, b]).sliceChannels(2..<6) * r).sum()
      }
        < 1e-2)
  }

  /// Convolution outputs of whole channel blocks concatenate in a blocked layout, a plain input among them
  /// included (a reshape gives plain); a padded block (12 channels) concatenates in plain layout.
  @Test(arguments: [(8, 16), (16, 16), (8, 12)])
  func concatOfBlockedTensors(_ widths: (Int, Int)) {
    let x = randomTensor([2, 4, 3, 3], seed: 42)
    let wa = randomTensor([widths.0, 4, 1, 1], seed: 43)
    let wb = randomTensor([widths.1, 4, 1, 1], seed: 44)
    let (a, b) = (conv2d(x, weight: wa), conv2d(x, weight: wb))
    let c = concatChannels([a, b.reshaped(b.shape), a])
    let whole = widths.0 % 8 == 0 && widths.1 % 8 == 0
    #expect((c.descriptor.planeChannelBlock ?? 1 > 1) == whole)
    let reference = concatChannels([a.plain(), b.plain(), a.plain()])
    #expect(c.toArray() == reference.toArray())
    let r = GradientCheck.projection(like: c)
    #expect(
      GradientCheck.maximumRelativeError(inputs: [x, wa, wb]) {
        let (a, b) = (conv2d(x, weight: wa), conv2d(x, weight: wb))
        return (concatChannels([a, b.reshaped(b.shape), a]) * r).sum()
      } < 1e-2)
  }

  @Test func reductionsAndReshape() {
    let x = randomTensor([2, 3, 4], seed: 41)
    let total = x.toArray().map(Double.init).reduce(0, +)
    #expect(abs(Double(x.sum().item) - total) < 1e-4)
    #expect(abs(Double(x.mean().item) - total / 24) < 1e-5)
    #expect(x.reshaped([6, 4]).toArray() == x.toArray())
    let r = GradientCheck.projection(like: x.reshaped([4, 6]))
    #expect(
      GradientCheck.maximumRelativeError(inputs: [x]) { (x.reshaped([4, 6]) * r).mean() } < 1e-2)
    #expect(GradientCheck.maximumRelativeError(inputs: [x]) { (x * x).sum() } < 1e-2)
  }

  @Test func softplusForwardAndGradient() {
    let x = randomTensor([5], seed: 42, scale: 3)
    let y = x.softplus(beta: 5)
    let expected = x.toArray().map { Foundation.log(1 + Foundation.exp(5 * Double($0))) / 5 }
    #expect(maxAbsDifference(y.toArray(), expected) < 1e-5)
    #expect(
      GradientCheck.maximumRelativeError(inputs: [x], epsilon: 1e-3) { x.softplus(beta: 5).sum() }
        < 1e-2)
  }
}

@Suite struct LinearAndLossTests {
  @Test(arguments: [true, false])
  func linearForwardAndGradient(bias: Bool) {
    let x = randomTensor([3, 5], seed: 51)
    let w = randomTensor([4, 5], seed: 52)
    let b = bias ? randomTensor([4], seed: 53) : nil
    let y = linear(x, weight: w, bias: b)
    let (xv, wv, bv) = (x.toArray(), w.toArray(), b?.toArray())
    var expected: [Double] = []
    for n in 0..<3 {
      for o in 0..<4 {
        expected.append(
          (0..<5).map { Double(xv[n * 5 + $0]) * Double(wv[o * 5 + $0]) }.reduce(
            Double(bv?[o] ?? 0), +))
      }
    }
    #expect(maxAbsDifference(y.toArray(), expected) < 1e-5)
    let r = GradientCheck.projection(like: y)
    let inputs = [x, w] + (b.map { [$0] } ?? [])
    #expect(
      GradientCheck.maximumRelativeError(inputs: inputs) {
        (linear(x, weight: w, bias: b) * r).sum()
      } < 1e-2)
  }

  @Test(arguments: [Float(0), Float(0.1)])
  func crossEntropyMatchesReference(smoothing: Float) {
    let logits = randomTensor([4, 10], seed: 54, scale: 2)
    let labels: [Int32] = [3, 0, 9, 3]
    let loss = logits.softmaxCrossEntropy(labels: labels, labelSmoothing: smoothing)
    let v = logits.toArray().map(Double.init)
    var expected = 0.0
    for r in 0..<4 {
      let row = Array(v[r * 10..<(r + 1) * 10])
      let m = row.max()!
      let logZ = m + Foundation.log(row.map { Foundation.exp($0 - m) }.reduce(0, +))
      for c in 0..<10 {
        let target = (c == Int(labels[r]) ? 1 - Double(smoothing) : 0) + Double(smoothing) / 10
        expected -= target * (row[c] - logZ)
      }
    }
    expected /= 4
    #expect(abs(Double(loss.item) - expected) < 1e-5)
    #expect(
      GradientCheck.maximumRelativeError(inputs: [logits]) {
        logits.softmaxCrossEntropy(labels: labels, labelSmoothing: smoothing)
      } < 1e-2)
  }

  @Test func logSoftmaxMatchesReferenceAndGradient() {
    let x = randomTensor([3, 6], seed: 55)
    let y = x.logSoftmax().toArray()
    let v = x.toArray().map(Double.init)
    for r in 0..<3 {
      let row = Array(v[r * 6..<(r + 1) * 6])
      let logZ = Foundation.log(row.map { Foundation.exp($0) }.reduce(0, +))
      for c in 0..<6 { #expect(abs(Double(y[r * 6 + c]) - (row[c] - logZ)) < 1e-5) }
    }
    let r = GradientCheck.projection(like: x)
    #expect(GradientCheck.maximumRelativeError(inputs: [x]) { (x.logSoftmax() * r).sum() } < 1e-2)
  }

  @Test func argmaxRows() {
    let x = Tensor(shape: [2, 3], values: [0.1, 0.9, 0.3, 2, -1, 1])
    #expect(x.argmaxRows() == [1, 0])
  }
}

@Suite struct PReLUTests {
  @Test func valuesFollowTheDefinition() {
    let x = Tensor(shape: [1, 2, 1, 2], values: [-2, -0.5, 0, 3])
    let y = x.prelu(slope: Tensor(shape: [1], values: [0.25])).toArray()
    #expect(y == [-0.5, -0.125, 0, 3])
  }

  @Test func gradientsMatchFiniteDifferences() {
    // Values at least 0.1 away from the kink at 0.
    let values = (0..<144).map { i -> Float in
      let v = 2 * sin(Float(i) * 0.7)
      return v < 0 ? min(v, -0.1) : max(v, 0.1)
    }
    let x = Tensor(shape: [2, 8, 3, 3], values: values, requiresGrad: true)
    let slope = Tensor(shape: [1], values: [0.3], requiresGrad: true)
    let r = GradientCheck.projection(like: x)
    let error = GradientCheck.maximumRelativeError(inputs: [x, slope], epsilon: 1e-3) {
      (x.prelu(slope: slope) * r).sum()
    }
    #expect(error < 1e-2)
  }
}

@Suite struct ChannelPermutationTests {
  @Test func shuffleTransposesTheGroups() {
    // [1, 6, 1, 1], channels 0...5; 2 groups of 3: output channel o reads (o % 2)·3 + o / 2.
    let x = Tensor(shape: [1, 6, 1, 1], values: [0, 1, 2, 3, 4, 5])
    #expect(x.shufflingChannels(groups: 2).toArray() == [0, 3, 1, 4, 2, 5])
    #expect(x.shufflingChannels(groups: 3).toArray() == [0, 2, 4, 1, 3, 5])
    #expect(x.shufflingChannels(groups: 1).toArray() == [0, 1, 2, 3, 4, 5])
  }

  @Test func gradientsMatchFiniteDifferences() {
    let x = Tensor(
      shape: [2, 4, 2, 2], values: (0..<32).map { sin(Float($0)) }, requiresGrad: true)
    let r = GradientCheck.projection(like: x)
    let error = GradientCheck.maximumRelativeError(inputs: [x]) {
      (x.shufflingChannels(groups: 2) * r).sum()
    }
    #expect(error < 1e-2)
  }
}

@Suite struct SimilarityRankingTests {
  func features(_ rows: Int, _ columns: Int, offset: Float = 0) -> Tensor {
    Tensor(
      shape: [rows, columns],
      values: (0..<(rows * columns)).map { sin(Float($0) * 1.3 + offset) + 0.2 },
      requiresGrad: true)
  }

  @Test func cosineSimilaritiesMatchTheirDefinition() {
    let f = Tensor(shape: [3, 2], values: [1, 0, 0, 2, 3, 3])
    let s = f.rowCosineSimilarities().toArray()
    let r = Float(0.5).squareRoot()
    let expected: [Float] = [1, 0, r, 0, 1, r, r, r, 1]
    #expect(zip(s, expected).allSatisfy { abs($0 - $1) < 1e-6 }, "\(s)")
  }

  @Test func cosineSimilarityGradientsMatchFiniteDifferences() {
    let f = features(5, 4)
    let r = GradientCheck.projection(like: Tensor(zeros: [5, 5]))
    let error = GradientCheck.maximumRelativeError(inputs: [f], epsilon: 1e-3) {
      (f.rowCosineSimilarities() * r).sum()
    }
    #expect(error < 1e-2)
  }

  @Test(arguments: [true, false])
  func rankingLossGradientsMatchFiniteDifferences(logistic: Bool) {
    let f = features(6, 3, offset: 0.4)
    let quadruples = [(0, 1, 2, 3), (1, 4, 0, 5), (2, 5, 3, 4), (0, 2, 4, 1)]
    let targets: [Float] = [1, -1, -1, 1]
    let error = GradientCheck.maximumRelativeError(inputs: [f], epsilon: 1e-3) {
      f.rowCosineSimilarities().quadrupleRankingLoss(
        quadruples, targets: targets, logistic: logistic, temperature: 0.5)
    }
    #expect(error < 2e-2)
  }
}

@Suite struct AgreementLossTests {
  @Test func gradientsReachBothTensorsAndMatchFiniteDifferences() {
    let s = Tensor(
      shape: [5, 5], values: (0..<25).map { sin(Float($0) * 0.9) }, requiresGrad: true)
    let t = Tensor(
      shape: [5, 5], values: (0..<25).map { cos(Float($0) * 0.7) }, requiresGrad: true)
    let quadruples = [(0, 1, 2, 3), (1, 4, 0, 2), (3, 2, 4, 1), (2, 0, 1, 3)]
    let error = GradientCheck.maximumRelativeError(inputs: [s, t], epsilon: 1e-3) {
      s.quadrupleAgreementLoss(with: t, quadruples, temperature: 0.5)
    }
    #expect(error < 2e-2)
  }
}

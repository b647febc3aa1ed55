import CairnCore
import Foundation
import Testing

@testable import CairnEngine

@Suite struct OptimizerTests {
  func parameter(_ values: [Float], grad: [Float]) -> Tensor {
    let p = Tensor.parameter(shape: [values.count], values: values)
    p.grad = Tensor(shape: [grad.count], values: grad)
    return p
  }

  @Test func sgdWithMomentumNesterovAndWeightDecay() {
    let p = parameter([1, -2], grad: [0.5, 0.25])
    let sgd = SGD(
      parameters: [("p", p)], learningRate: 0.1, momentum: 0.9, weightDecay: 0.01, nesterov: true)
    sgd.step()
    // d = g + 0.01·θ = (0.51, 0.23); buffer = d; nesterov: d + 0.9·buffer = 1.9·d; θ -= 0.1·1.9·d
    #expect(abs(p.toArray()[0] - (1 - 0.1 * 1.9 * 0.51)) < 1e-6)
    #expect(abs(p.toArray()[1] - (-2 - 0.1 * 1.9 * 0.23)) < 1e-6)
    // Second step with the same gradient: buffer = 0.9·b + d'
    let theta = p.toArray().map(Double.init)
    sgd.step()
    let d = [0.5 + 0.01 * theta[0], 0.25 + 0.01 * theta[1]]
    let buffer = [0.9 * 0.51 + d[0], 0.9 * 0.23 + d[1]]
    for i in 0..<2 {
      #expect(abs(Double(p.toArray()[i]) - (theta[i] - 0.1 * (d[i] + 0.9 * buffer[i]))) < 1e-6)
    }
  }

  @Test func plainSGDStep() {
    let p = parameter([3], grad: [2])
    SGD(parameters: [("p", p)], learningRate: 0.5).step()
    #expect(p.toArray() == [2])
  }

  @Test func adamFirstTwoSteps() {
    let p = parameter([1, 2], grad: [0.1, -0.3])
    let adam = Adam(parameters: [("p", p)], learningRate: 0.01, weightDecay: 0.1)
    adam.step()
    // Step 1: m̂ = g', v̂ = g'², update = lr · g' / (|g'| + eps) ≈ lr · sign(g')
    let g1 = [0.1 + 0.1 * 1.0, -0.3 + 0.1 * 2.0]
    for i in 0..<2 {
      let expected = [1.0, 2.0][i] - 0.01 * g1[i] / (abs(g1[i]) + 1e-8)
      #expect(abs(Double(p.toArray()[i]) - expected) < 1e-6)
    }
    let theta = p.toArray().map(Double.init)
    adam.step()
    for i in 0..<2 {
      let g2 = [0.1, -0.3][i] + 0.1 * theta[i]
      let m = 0.9 * (0.1 * g1[i]) + 0.1 * g2
      let v = 0.999 * (0.001 * g1[i] * g1[i]) + 0.001 * g2 * g2
      let mHat = m / (1 - 0.81)
      let vHat = v / (1 - 0.999 * 0.999)
      #expect(
        abs(Double(p.toArray()[i]) - (theta[i] - 0.01 * mHat / (vHat.squareRoot() + 1e-8))) < 1e-6)
    }
  }

  @Test func optimizerStateRoundTrips() throws {
    let p = parameter([1, 2], grad: [0.1, -0.3])
    let adam = Adam(parameters: [("p", p)], learningRate: 0.01)
    adam.step()
    let q = parameter(p.toArray(), grad: [0.2, 0.2])
    let restored = Adam(parameters: [("p", q)], learningRate: 0.01)
    try restored.loadState(adam.stateTensors())
    p.grad = Tensor(shape: [2], values: [0.2, 0.2])
    adam.step()
    restored.step()
    #expect(p.toArray() == q.toArray())
    #expect(throws: CairnError.self) { try restored.loadState(["step.p": Tensor(scalar: 1)]) }
  }

  @Test func gradientNormClipping() {
    let a = parameter([0, 0], grad: [3, 0])
    let b = parameter([0], grad: [4])
    let norm = clipGradientNorm([a, b], maxNorm: 1)
    #expect(abs(norm - 5) < 1e-6)
    #expect(abs(a.grad!.toArray()[0] - 0.6) < 1e-5)
    #expect(abs(b.grad!.toArray()[0] - 0.8) < 1e-5)
    let c = parameter([0], grad: [0.5])
    clipGradientNorm([c], maxNorm: 1)
    #expect(c.grad!.toArray() == [0.5])
  }

  @Test func learningRateSchedules() {
    let cosine = CosineAnnealing(base: 0.025, minimum: 0.001, length: 100)
    #expect(abs(cosine.rate(at: 0) - 0.025) < 1e-7)
    #expect(abs(cosine.rate(at: 50) - 0.013) < 1e-6)
    #expect(abs(cosine.rate(at: 100) - 0.001) < 1e-7)
    let step = StepDecay(base: 1, gamma: 0.5, stepSize: 10)
    #expect(step.rate(at: 9.9) == 1)
    #expect(step.rate(at: 25) == 0.25)
    let warm = LinearWarmup(warmup: 5, then: ConstantRate(0.1))
    #expect(abs(warm.rate(at: 2.5) - 0.05) < 1e-7)
    #expect(warm.rate(at: 7) == 0.1)
  }

  /// SGDR with period 50 over 100: the cosine of the first half, then the same again from the base rate.
  @Test func warmRestartsRepeatTheCosineEveryPeriod() {
    let restarts = CosineWarmRestarts(base: 0.025, minimum: 0.001, period: 50)
    let cosine = CosineAnnealing(base: 0.025, minimum: 0.001, length: 50)
    for t in stride(from: 0.0, to: 50, by: 3.7) {
      #expect(abs(restarts.rate(at: t) - cosine.rate(at: t)) < 1e-7)
      #expect(abs(restarts.rate(at: t + 50) - cosine.rate(at: t)) < 1e-6)
    }
    #expect(abs(restarts.rate(at: 49.999) - 0.001) < 1e-6)
    #expect(abs(restarts.rate(at: 50) - 0.025) < 1e-7)
    #expect(abs(restarts.rate(at: 25) - 0.013) < 1e-6)
  }
}

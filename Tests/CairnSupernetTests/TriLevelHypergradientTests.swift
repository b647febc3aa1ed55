import CairnCore
import CairnData
import CairnEngine
import CairnNetworks
import Foundation
import Testing

@testable import CairnSupernet

/// The tri-level method's architecture gradient through the auxiliary model, against central differences of the
/// auxiliary model's unrolled validation loss on a smooth model (linear layers, no ReLU), where finite differences
/// of the unrolled loss measure the slope; and its refusals of sign-target forms.
@Suite struct TriLevelHypergradientTests {
  let xi = 0.2
  let weightDecay = 3e-4

  /// A smooth main model (two mixed decisions of three linear options; features = the hidden layer) and a smooth
  /// auxiliary model (features: one linear map; logits: another).
  func setup(form: QuadrupleRelativeSimilarity.Form = .soft) -> (
    TriLevelHypergradient, [[Double]], Batch, Batch
  ) {
    var random = RandomStream(seed: 41)
    func parameter(_ shape: [Int]) -> Tensor {
      Tensor.parameter(
        shape: shape, values: (0..<shape.reduce(1, *)).map { _ in Float(0.5 * random.normal()) })
    }
    let first = (0..<3).map { _ in parameter([6, 4]) }
    let second = (0..<3).map { _ in parameter([6, 6]) }
    let head = parameter([5, 6])
    let main: (Tensor, OperationMixture) -> FeatureOutputs = { images, mixture in
      let x = images.reshaped([images.shape[0], images.shape[1]])
      let hidden = sum(
        first.indices.map { linear(x, weight: first[$0]).scaled(by: mixture.weights[0][$0]) })
      let features = sum(
        second.indices.map { linear(hidden, weight: second[$0]).scaled(by: mixture.weights[1][$0]) }
      )
      return FeatureOutputs(features: features, logits: linear(features, weight: head))
    }
    let encoder = parameter([7, 4])
    let classifier = parameter([5, 7])
    let auxiliary: (Tensor) -> FeatureOutputs = { images in
      let features = linear(images.reshaped([images.shape[0], images.shape[1]]), weight: encoder)
      return FeatureOutputs(features: features, logits: linear(features, weight: classifier))
    }
    let alpha = (0..<2).map { _ in (0..<3).map { _ in 0.5 * random.normal() } }
    func batch(_ seed: UInt64) -> Batch {
      var values = RandomStream(seed: seed)
      return Batch(
        images: (0..<32).map { _ in Float(values.normal()) }, labels: [0, 3, 1, 4, 2, 0, 1, 3],
        shape: [8, 4, 1, 1])
    }
    let hypergradient = TriLevelHypergradient(
      main: main, mainParameters: first + second + [head], auxiliary: auxiliary,
      auxiliaryParameters: [encoder, classifier],
      similarity: QuadrupleRelativeSimilarity(quadruples: 64, form: form, temperature: 0.5),
      transferWeight: 2)
    return (hypergradient, alpha, batch(5), batch(6))
  }

  /// L_val(V′(α)) computed directly: V′ = V − ξ(∇V L_aux(V, α) + λV); V is restored.
  func unrolledLoss(
    _ h: TriLevelHypergradient, alpha: [[Double]], train: Batch, validation: Batch,
    quadruples: RandomStream
  ) -> Double {
    let v = h.auxiliaryParameters.values
    defer { h.auxiliaryParameters.set(v) }
    let g = h.auxiliaryGradient(on: train, alpha: alpha, quadruples: quadruples).gradient
    h.auxiliaryParameters.set(
      DARTSHypergradient.unrolled(v, gradient: g, xi: xi, weightDecay: weightDecay))
    return Double(
      h.auxiliary(Tensor(shape: validation.shape, values: validation.images)).logits
        .softmaxCrossEntropy(labels: validation.labels).item)
  }

  @Test func hypergradientMatchesTheUnrolledAuxiliaryLoss() {
    let (h, alpha, train, validation) = setup()
    let quadruples = RandomStream(seed: 9)
    let before = (h.mainParameters + h.auxiliaryParameters).values
    let (gradient, loss) = h.hypergradient(
      train: train, validation: validation, alpha: alpha, xi: xi, weightDecay: weightDecay,
      quadruples: quadruples)
    #expect((h.mainParameters + h.auxiliaryParameters).values == before)
    #expect((h.mainParameters + h.auxiliaryParameters).allSatisfy { $0.grad == nil })
    #expect(
      abs(
        loss
          - unrolledLoss(
            h, alpha: alpha, train: train, validation: validation, quadruples: quadruples))
        < 1e-5)
    let magnitude = gradient.joined().map(abs).max() ?? 0
    #expect(magnitude > 1e-4, "the transfer term must reach α")
    let step = 1e-2
    for seed in [1, 2, 3] as [UInt64] {
      var random = RandomStream(seed: seed)
      let v = alpha.map { row in row.map { _ in random.normal() } }
      func moved(_ sign: Double) -> [[Double]] {
        zip(alpha, v).map { a, d in zip(a, d).map { $0 + sign * step * $1 } }
      }
      let numerical =
        (unrolledLoss(
          h, alpha: moved(1), train: train, validation: validation, quadruples: quadruples)
          - unrolledLoss(
            h, alpha: moved(-1), train: train, validation: validation, quadruples: quadruples))
        / (2 * step)
      let analytic = zip(gradient.joined(), v.joined()).map(*).reduce(0, +)
      let error = abs(analytic - numerical) / max(abs(numerical), 1e-4)
      #expect(error < 5e-2, "direction \(seed): analytic \(analytic), numerical \(numerical)")
    }
  }

  /// The auxiliary model's gradient is the gradient of CE + λ·L_QRS with the main model's features constant.
  @Test func auxiliaryGradientMatchesFiniteDifferences() {
    let (h, alpha, train, _) = setup()
    let quadruples = RandomStream(seed: 10)
    let analytic = h.auxiliaryGradient(on: train, alpha: alpha, quadruples: quadruples)
    let v = h.auxiliaryParameters.values
    defer { h.auxiliaryParameters.set(v) }
    var random = RandomStream(seed: 4)
    let direction = v.map { row in row.map { _ in Float(random.normal()) } }
    let step = 1e-2
    func loss(_ sign: Double) -> Double {
      h.auxiliaryParameters.set(axpy(v, direction, scale: sign * step))
      defer { h.auxiliaryParameters.set(v) }
      return h.auxiliaryGradient(on: train, alpha: alpha, quadruples: quadruples).loss
    }
    let numerical = (loss(1) - loss(-1)) / (2 * step)
    let along = zip(analytic.gradient.joined(), direction.joined()).map {
      Double($0) * Double($1)
    }.reduce(0, +)
    #expect(abs(along - numerical) / max(abs(numerical), 1e-3) < 2e-2)
    #expect(analytic.transfer > 0 && analytic.loss > analytic.transfer)
  }

  /// Sign targets are constants of the main model, so with them the transfer term never reaches α.
  @Test(arguments: [QuadrupleRelativeSimilarity.Form.logistic, .hinge])
  func signTargetsGiveNoArchitectureGradient(form: QuadrupleRelativeSimilarity.Form) {
    let (h, alpha, train, _) = setup(form: form)
    let gradient = h.transferAlphaGradient(
      on: train, alpha: alpha, quadruples: RandomStream(seed: 3))
    #expect(gradient.joined().allSatisfy { $0 == 0 })
  }
}

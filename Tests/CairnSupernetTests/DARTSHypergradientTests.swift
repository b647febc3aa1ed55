import CairnCore
import CairnData
import CairnEngine
import CairnNetworks
import CairnSpaces
import Foundation
import Testing

@testable import CairnSupernet

/// DARTS's architecture gradients on a tiny NB201 super-net: the mixture's gradient through softmax(α), and the
/// second-order hypergradient against finite differences of the one-step unrolled validation loss.
@Suite struct DARTSHypergradientTests {
  let xi = 0.1
  let weightDecay = 3e-4

  func setup(partialChannels: Int = 1) -> (DARTSHypergradient, [[Double]], Batch, Batch) {
    var random = RandomStream(seed: 21)
    let network = NB201Network.supernet(
      shape: NB201NetworkShape(channels: 8, cellsPerStage: 1), partialChannels: partialChannels,
      random: &random)
    let alpha = (0..<6).map { _ in (0..<5).map { _ in 0.5 * random.normal() } }
    func batch(_ seed: UInt64) -> Batch {
      var pixels = RandomStream(seed: seed)
      return Batch(
        images: (0..<(4 * 3 * 8 * 8)).map { _ in Float(pixels.normal()) }, labels: [1, 4, 7, 2],
        shape: [4, 3, 8, 8])
    }
    let hypergradient = DARTSHypergradient(
      forward: { network($0, mixture: $1) }, parameters: network.trainableParameters())
    return (hypergradient, alpha, batch(1), batch(2))
  }

  /// L_val(w − ξ(∇w L_train(w, α) + λw), α), computed directly; the weights are restored.
  func unrolledLoss(
    _ h: DARTSHypergradient, alpha: [[Double]], train: Batch, validation: Batch
  ) -> Double {
    let w = h.parameters.map { $0.toArray() }
    defer { h.set(w) }
    let g = h.gradients(on: train, alpha: alpha).weights
    h.set(
      zip(w, g).map { values, gradient in
        zip(values, gradient).map {
          Float(Double($0) - xi * (Double($1) + weightDecay * Double($0)))
        }
      })
    return h.gradients(on: validation, alpha: alpha).loss
  }

  /// A random unit direction in α's shape.
  func direction(like alpha: [[Double]], seed: UInt64) -> [[Double]] {
    var random = RandomStream(seed: seed)
    let direction = alpha.map { row in row.map { _ in random.normal() } }
    let norm = direction.joined().reduce(0) { $0 + $1 * $1 }.squareRoot()
    return direction.map { row in row.map { $0 / norm } }
  }

  /// α moved by `step` along `v`.
  func moved(_ alpha: [[Double]], along v: [[Double]], by step: Double) -> [[Double]] {
    zip(alpha, v).map { a, d in zip(a, d).map { $0 + step * $1 } }
  }

  /// ∇α L_val along random directions against central differences (step 1e-3: the mixed network's loss curves
  /// strongly in α, so larger steps measure the curvature rather than the slope).
  @Test(arguments: [1, 2])
  func firstOrderGradientMatchesFiniteDifferences(partialChannels: Int) {
    let (h, alpha, _, validation) = setup(partialChannels: partialChannels)
    let analytic = h.firstOrder(validation: validation, alpha: alpha).gradient
    let step = 1e-3
    for seed in [1, 2, 3] as [UInt64] {
      let v = direction(like: alpha, seed: seed)
      let numerical =
        (h.gradients(on: validation, alpha: moved(alpha, along: v, by: step)).loss
          - h.gradients(on: validation, alpha: moved(alpha, along: v, by: -step)).loss)
        / (2 * step)
      let along = zip(analytic.joined(), v.joined()).map(*).reduce(0, +)
      let error = abs(along - numerical) / max(abs(numerical), abs(along), 1e-2)
      #expect(error < 5e-2, "direction \(seed): analytic \(along), numerical \(numerical)")
    }
  }

  /// A smooth two-decision mixture model (three linear options per decision, no ReLU): the one-step unrolled loss
  /// is smooth in α, so finite differences can check the hypergradient itself. (Through ReLU networks the
  /// unrolled weights jump wherever a unit changes sign, and finite differences of the unrolled loss are noise.)
  func smoothSetup() -> (DARTSHypergradient, [[Double]], Batch, Batch) {
    var random = RandomStream(seed: 31)
    func parameter(_ shape: [Int]) -> Tensor {
      Tensor.parameter(
        shape: shape, values: (0..<shape.reduce(1, *)).map { _ in Float(0.5 * random.normal()) })
    }
    let first = (0..<3).map { _ in parameter([6, 4]) }
    let second = (0..<3).map { _ in parameter([5, 6]) }
    let forward: (Tensor, OperationMixture) -> Tensor = { images, mixture in
      let x = images.reshaped([images.shape[0], images.shape[1]])
      let hidden = sum(
        first.indices.map { linear(x, weight: first[$0]).scaled(by: mixture.weights[0][$0]) })
      return sum(
        second.indices.map { linear(hidden, weight: second[$0]).scaled(by: mixture.weights[1][$0]) }
      )
    }
    let alpha = (0..<2).map { _ in (0..<3).map { _ in 0.5 * random.normal() } }
    func batch(_ seed: UInt64) -> Batch {
      var values = RandomStream(seed: seed)
      return Batch(
        images: (0..<32).map { _ in Float(values.normal()) }, labels: [0, 3, 1, 4, 2, 0, 1, 3],
        shape: [8, 4, 1, 1])
    }
    return (
      DARTSHypergradient(forward: forward, parameters: first + second), alpha, batch(3), batch(4)
    )
  }

  /// The hypergradient along random directions of α agrees with the central difference of the unrolled loss,
  /// and differs measurably from the first-order gradient at the unrolled weights (so the Hessian term counts).
  @Test func secondOrderHypergradientMatchesTheUnrolledLoss() {
    let (h, alpha, train, validation) = smoothSetup()
    let before = h.parameters.map { $0.toArray() }
    let (gradient, _) = h.secondOrder(
      train: train, validation: validation, alpha: alpha, xi: xi, weightDecay: weightDecay)
    #expect(h.parameters.map { $0.toArray() } == before)
    let w = h.parameters.map { $0.toArray() }
    let g = h.gradients(on: train, alpha: alpha).weights
    h.set(
      zip(w, g).map { values, gr in
        zip(values, gr).map { Float(Double($0) - xi * (Double($1) + weightDecay * Double($0))) }
      })
    let partial = h.gradients(on: validation, alpha: alpha).alpha
    h.set(w)
    let step = 1e-2
    for seed in [5, 6, 7] as [UInt64] {
      let v = direction(like: alpha, seed: seed)
      let numerical =
        (unrolledLoss(
          h, alpha: moved(alpha, along: v, by: step), train: train, validation: validation)
          - unrolledLoss(
            h, alpha: moved(alpha, along: v, by: -step), train: train, validation: validation))
        / (2 * step)
      let analytic = zip(gradient.joined(), v.joined()).map(*).reduce(0, +)
      let error = abs(analytic - numerical) / max(abs(numerical), 1e-3)
      #expect(error < 2e-2, "direction \(seed): analytic \(analytic), numerical \(numerical)")
      let partialAlong = zip(partial.joined(), v.joined()).map(*).reduce(0, +)
      #expect(
        abs(partialAlong - numerical) > 5 * abs(analytic - numerical),
        "first-order part \(partialAlong), hypergradient \(analytic), numerical \(numerical)")
    }
  }

  /// On the NB201 super-net the second-order step runs, is finite and leaves the weights as they were.
  @Test func secondOrderRunsOnTheSupernet() {
    let (h, alpha, train, validation) = setup()
    let before = h.parameters.map { $0.toArray() }
    let (gradient, loss) = h.secondOrder(
      train: train, validation: validation, alpha: alpha, xi: xi, weightDecay: weightDecay)
    #expect(loss.isFinite && gradient.joined().allSatisfy(\.isFinite))
    #expect(gradient.count == 6 && gradient.allSatisfy { $0.count == 5 })
    #expect(h.parameters.map { $0.toArray() } == before)
    #expect(h.parameters.allSatisfy { $0.grad == nil })
  }

  /// Edge normalization: the node rows (β) get their gradient through the same mixture, checked along random
  /// directions that move only β.
  @Test func edgeNormalizationGradientMatchesFiniteDifferences() {
    let (h, operations, _, validation) = setup()
    var random = RandomStream(seed: 8)
    let alpha =
      operations + [1, 2, 3].map { size in (0..<size).map { _ in 0.5 * random.normal() } }
    let analytic = h.firstOrder(validation: validation, alpha: alpha).gradient
    #expect(analytic.count == 9 && analytic[8].count == 3)
    #expect(abs(analytic[6][0]) < 1e-12)  // one edge into node 1: softmax over one β is constant
    let step = 1e-3
    for seed in [11, 12] as [UInt64] {
      var v = direction(like: alpha, seed: seed)
      for row in 0..<6 { v[row] = v[row].map { _ in 0 } }
      let numerical =
        (h.gradients(on: validation, alpha: moved(alpha, along: v, by: step)).loss
          - h.gradients(on: validation, alpha: moved(alpha, along: v, by: -step)).loss)
        / (2 * step)
      let along = zip(analytic.joined(), v.joined()).map(*).reduce(0, +)
      let error = abs(along - numerical) / max(abs(numerical), abs(along), 1e-2)
      #expect(error < 5e-2, "direction \(seed): analytic \(along), numerical \(numerical)")
    }
  }
}

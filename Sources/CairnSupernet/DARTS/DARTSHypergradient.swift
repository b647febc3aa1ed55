import CairnCore
import CairnData
import CairnEngine
import CairnNetworks
import Foundation

/// DARTS architecture gradients (Liu, Simonyan & Yang, ICLR 2019) for a network that mixes every decision's
/// options by softmax(α).
///
/// First order: ∇α L_val(w, α). Second order: the gradient of L_val(w', α) with the one-step unrolled weights
/// w' = w − ξ(∇w L_train(w, α) + λw), which is ∇α L_val(w', α) − ξ ∇²_{α,w} L_train(w, α) ∇w' L_val(w', α); the
/// Hessian-vector product is the finite difference (∇α L_train(w⁺, α) − ∇α L_train(w⁻, α)) / 2ε with
/// w± = w ± ε ∇w' L_val(w', α) and ε = 0.01 / ‖∇w' L_val(w', α)‖, as DARTS computes it. The unrolled step has
/// no momentum (DARTS adds the optimizer's momentum buffer; Cairn's choice, stated). The weights are restored and
/// their gradients cleared before returning.
struct DARTSHypergradient {
  /// The network's forward pass with mixed options.
  let forward: (Tensor, OperationMixture) -> Tensor
  /// The weights w (every trainable parameter).
  let parameters: [Tensor]

  /// ∇α and ∇w of the cross-entropy on `batch` at the current weights, and the loss.
  func gradients(on batch: Batch, alpha: [[Double]]) -> (
    alpha: [[Double]], weights: [[Float]], loss: Double
  ) {
    for parameter in parameters { parameter.grad = nil }
    let probabilities = alpha.map(GDASArchitecture.softmax)
    let mixture = OperationMixture(probabilities, differentiable: true)
    let loss = forward(Tensor(shape: batch.shape, values: batch.images), mixture)
      .softmaxCrossEntropy(labels: batch.labels)
    loss.backward()
    let dAlpha = Self.alphaGradient(probabilities: probabilities, mixture: mixture)
    return (dAlpha, parameters.takeGradients(), Double(loss.item))
  }

  /// ∂L/∂α from the mixture weights' gradients ∂L/∂w after `backward()`, through w_d = softmax(α_d):
  /// p ⊙ (g − ⟨p, g⟩) per decision.
  static func alphaGradient(probabilities: [[Double]], mixture: OperationMixture) -> [[Double]] {
    zip(probabilities, mixture.gradients).map { p, g in
      let weighted = zip(p, g).map(*).reduce(0, +)
      return p.indices.map { p[$0] * (g[$0] - weighted) }
    }
  }

  /// ∇α L_val(w, α); the validation loss.
  func firstOrder(validation: Batch, alpha: [[Double]]) -> (gradient: [[Double]], loss: Double) {
    let result = gradients(on: validation, alpha: alpha)
    return (result.alpha, result.loss)
  }

  /// The second-order hypergradient with unrolled learning rate `xi` and weight decay `weightDecay`; the
  /// validation loss at the unrolled weights.
  func secondOrder(
    train: Batch, validation: Batch, alpha: [[Double]], xi: Double, weightDecay: Double
  ) -> (gradient: [[Double]], loss: Double) {
    let w = parameters.values
    defer { set(w) }
    let trainGradient = gradients(on: train, alpha: alpha).weights
    set(Self.unrolled(w, gradient: trainGradient, xi: xi, weightDecay: weightDecay))
    let unrolled = gradients(on: validation, alpha: alpha)
    let correction = Self.mixedProduct(at: w, along: unrolled.weights, set: set) {
      gradients(on: train, alpha: alpha).alpha
    }
    guard let correction else { return (unrolled.alpha, unrolled.loss) }
    return (Self.combined(unrolled.alpha, correction, scale: -xi), unrolled.loss)
  }

  /// One SGD step without momentum: w − ξ(g + λw).
  static func unrolled(_ w: [[Float]], gradient: [[Float]], xi: Double, weightDecay: Double)
    -> [[Float]]
  {
    zip(w, gradient).map { values, g in
      zip(values, g).map { Float(Double($0) - xi * (Double($1) + weightDecay * Double($0))) }
    }
  }

  /// The Hessian-vector product ∇²_{α,w} L · v by central differences, (∇α L(w + εv) − ∇α L(w − εv)) / 2ε with
  /// ε = 0.01 / ‖v‖ (DARTS's step); `set` moves the weights and `alphaGradient` evaluates ∇α L at them. Nil when
  /// v is zero. The caller restores the weights.
  static func mixedProduct(
    at w: [[Float]], along v: [[Float]], set: ([[Float]]) -> Void,
    alphaGradient: () -> [[Double]]
  ) -> [[Double]]? {
    let length = norm(v)
    guard length > 0 else { return nil }
    let epsilon = 0.01 / length
    set(axpy(w, v, scale: epsilon))
    let plus = alphaGradient()
    set(axpy(w, v, scale: -epsilon))
    let minus = alphaGradient()
    return combined(plus, minus, scale: -1).map { row in row.map { $0 / (2 * epsilon) } }
  }

  /// a + scale · b, row by row.
  static func combined(_ a: [[Double]], _ b: [[Double]], scale: Double) -> [[Double]] {
    zip(a, b).map { x, y in zip(x, y).map { $0 + scale * $1 } }
  }

  /// Overwrites the weights.
  func set(_ values: [[Float]]) { parameters.set(values) }
}

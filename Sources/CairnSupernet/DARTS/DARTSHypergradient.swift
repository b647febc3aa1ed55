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
    let dAlpha = zip(probabilities, mixture.gradients).map { p, g in
      let weighted = zip(p, g).map(*).reduce(0, +)
      return p.indices.map { p[$0] * (g[$0] - weighted) }
    }
    let dWeights = parameters.map {
      $0.grad?.toArray() ?? [Float](repeating: 0, count: $0.elementCount)
    }
    for parameter in parameters { parameter.grad = nil }
    return (dAlpha, dWeights, Double(loss.item))
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
    let w = parameters.map { $0.toArray() }
    defer { set(w) }
    let trainGradient = gradients(on: train, alpha: alpha).weights
    set(
      zip(w, trainGradient).map { values, gradient in
        zip(values, gradient).map {
          Float(Double($0) - xi * (Double($1) + weightDecay * Double($0)))
        }
      })
    let unrolled = gradients(on: validation, alpha: alpha)
    let norm = unrolled.weights.joined().reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
    guard norm > 0 else { return (unrolled.alpha, unrolled.loss) }
    let epsilon = 0.01 / norm
    func shifted(_ sign: Double) -> [[Float]] {
      zip(w, unrolled.weights).map { values, direction in
        zip(values, direction).map { Float(Double($0) + sign * epsilon * Double($1)) }
      }
    }
    set(shifted(1))
    let plus = gradients(on: train, alpha: alpha).alpha
    set(shifted(-1))
    let minus = gradients(on: train, alpha: alpha).alpha
    let gradient = unrolled.alpha.indices.map { d in
      unrolled.alpha[d].indices.map { k in
        unrolled.alpha[d][k] - xi * (plus[d][k] - minus[d][k]) / (2 * epsilon)
      }
    }
    return (gradient, unrolled.loss)
  }

  /// Overwrites the weights.
  func set(_ values: [[Float]]) {
    for (parameter, value) in zip(parameters, values) {
      parameter.withMutableValues { buffer in
        for i in 0..<buffer.count { buffer[i] = value[i] }
      }
    }
  }
}

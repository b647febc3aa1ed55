import CairnCore
import Foundation

/// Adam (Kingma & Ba) with bias correction and L2 weight decay added to the gradient (PyTorch's `Adam`).
///
/// g ← ∇ + λ·θ;  m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;
/// θ ← θ − η · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε).
public final class Adam: Optimizer {
  public let parameters: [(String, Tensor)]
  public var learningRate: Float
  public let beta1: Float
  public let beta2: Float
  public let epsilon: Float
  public let weightDecay: Float
  private var firstMoments: [String: Tensor] = [:]
  private var secondMoments: [String: Tensor] = [:]
  private var steps: [String: Int] = [:]

  public init(
    parameters: [(String, Tensor)], learningRate: Float = 1e-3, beta1: Float = 0.9,
    beta2: Float = 0.999,
    epsilon: Float = 1e-8, weightDecay: Float = 0
  ) {
    precondition(
      learningRate >= 0 && weightDecay >= 0, "learning rate and weight decay must be non-negative")
    precondition((0..<1).contains(beta1) && (0..<1).contains(beta2), "betas must be in [0, 1)")
    self.parameters = parameters
    self.learningRate = learningRate
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
    self.weightDecay = weightDecay
  }

  public func step() {
    for (name, parameter) in parameters {
      guard parameter.requiresGrad, let grad = parameter.grad else { continue }
      let m = firstMoments[name] ?? Tensor(zeros: parameter.shape)
      let v = secondMoments[name] ?? Tensor(zeros: parameter.shape)
      firstMoments[name] = m
      secondMoments[name] = v
      let t = (steps[name] ?? 0) + 1
      steps[name] = t
      let correction1 = 1 - Foundation.pow(beta1, Float(t))
      let correction2 = 1 - Foundation.pow(beta2, Float(t))
      let (lr, b1, b2, eps, wd) = (learningRate, beta1, beta2, epsilon, weightDecay)
      parameter.withMutableValues { theta in
        grad.withValues { g in
          m.withMutableValues { mv in
            v.withMutableValues { vv in
              for i in 0..<theta.count {
                let d = g[i] + wd * theta[i]
                mv[i] = b1 * mv[i] + (1 - b1) * d
                vv[i] = b2 * vv[i] + (1 - b2) * d * d
                let denominator = (vv[i] / correction2).squareRoot() + eps
                theta[i] -= lr * (mv[i] / correction1) / denominator
              }
            }
          }
        }
      }
    }
  }

  public func stateTensors() -> [String: Tensor] {
    var state: [String: Tensor] = [:]
    for (name, m) in firstMoments { state["exp_avg.\(name)"] = m }
    for (name, v) in secondMoments { state["exp_avg_sq.\(name)"] = v }
    for (name, t) in steps { state["step.\(name)"] = Tensor(scalar: Float(t)) }
    return state
  }

  public func loadState(_ state: [String: Tensor]) throws(CairnError) {
    var m: [String: Tensor] = [:]
    var v: [String: Tensor] = [:]
    var t: [String: Int] = [:]
    for (name, parameter) in parameters where state["step.\(name)"] != nil {
      m[name] = try restoreState(state, key: "exp_avg.\(name)", shape: parameter.shape)
      v[name] = try restoreState(state, key: "exp_avg_sq.\(name)", shape: parameter.shape)
      t[name] = Int(state["step.\(name)"]!.item)
    }
    (firstMoments, secondMoments, steps) = (m, v, t)
  }
}

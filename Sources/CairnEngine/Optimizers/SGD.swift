import CairnCore

/// Stochastic gradient descent with momentum, Nesterov momentum and L2 weight decay (PyTorch's semantics).
///
/// g ← ∇ + λ·θ;  b ← μ·b + (1 − dampening)·g (b = g on the first step);  d = g + μ·b (Nesterov) or b;  θ ← θ − η·d.
public final class SGD: Optimizer {
  public let parameters: [(String, Tensor)]
  public var learningRate: Float
  public let momentum: Float
  public let dampening: Float
  public let weightDecay: Float
  public let nesterov: Bool
  private var buffers: [String: Tensor] = [:]

  public init(
    parameters: [(String, Tensor)], learningRate: Float, momentum: Float = 0, dampening: Float = 0,
    weightDecay: Float = 0, nesterov: Bool = false
  ) {
    precondition(learningRate >= 0, "learning rate must be non-negative")
    precondition(
      momentum >= 0 && weightDecay >= 0, "momentum and weight decay must be non-negative")
    precondition(
      !nesterov || (momentum > 0 && dampening == 0),
      "Nesterov momentum needs momentum > 0 and no dampening")
    self.parameters = parameters
    self.learningRate = learningRate
    self.momentum = momentum
    self.dampening = dampening
    self.weightDecay = weightDecay
    self.nesterov = nesterov
  }

  public func step() {
    let (lr, mu, wd, damp) = (learningRate, momentum, weightDecay, dampening)
    for (name, parameter) in parameters {
      guard parameter.requiresGrad, let grad = parameter.grad else { continue }
      let existing = buffers[name]
      let buffer = existing ?? Tensor(zeros: parameter.shape)
      if existing == nil && mu != 0 { buffers[name] = buffer }
      let first = existing == nil
      parameter.withMutableValues { theta in
        grad.withValues { g in
          buffer.withMutableValues { b in
            for i in 0..<theta.count {
              var d = g[i] + wd * theta[i]
              if mu != 0 {
                b[i] = first ? d : mu * b[i] + (1 - damp) * d
                d = nesterov ? d + mu * b[i] : b[i]
              }
              theta[i] -= lr * d
            }
          }
        }
      }
    }
  }

  public func stateTensors() -> [String: Tensor] {
    Dictionary(uniqueKeysWithValues: buffers.map { ("momentum.\($0.key)", $0.value) })
  }

  public func loadState(_ state: [String: Tensor]) throws(CairnError) {
    var restored: [String: Tensor] = [:]
    for (name, parameter) in parameters where state["momentum.\(name)"] != nil {
      restored[name] = try restoreState(state, key: "momentum.\(name)", shape: parameter.shape)
    }
    buffers = restored
  }
}

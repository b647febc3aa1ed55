import CairnCore

/// A first-order optimizer over a list of named parameters.
///
/// `step()` applies one update from the parameters' accumulated gradients; `zeroGrad()` clears them. Per-parameter
/// state (momentum buffers, Adam moments) is held by name so that it can be saved with a checkpoint and restored.
public protocol Optimizer: AnyObject {
  /// The parameters, by name, in a fixed order.
  var parameters: [(String, Tensor)] { get }
  /// The learning rate the next step uses (schedules set it).
  var learningRate: Float { get set }
  /// Applies one update. Parameters with no gradient (or frozen) are skipped.
  func step()
  /// The optimizer's state tensors by name, for checkpoints.
  func stateTensors() -> [String: Tensor]
  /// Restores state saved by `stateTensors()`.
  func loadState(_ state: [String: Tensor]) throws(CairnError)
}

extension Optimizer {
  /// Clears the gradients of all parameters.
  public func zeroGrad() {
    for (_, parameter) in parameters { parameter.grad = nil }
  }
}

/// Scales all gradients so that their global L2 norm is at most `maxNorm`; returns the norm before clipping.
///
/// As PyTorch's `clip_grad_norm_`: factor = maxNorm / (norm + 1e-6), applied only when it is below 1.
@discardableResult
public func clipGradientNorm(_ parameters: [Tensor], maxNorm: Float) -> Float {
  var total = 0.0
  for parameter in parameters {
    parameter.grad?.withValues { g in for v in g { total += Double(v) * Double(v) } }
  }
  let norm = Float(total.squareRoot())
  let factor = maxNorm / (norm + 1e-6)
  if factor < 1 {
    for parameter in parameters {
      parameter.grad?.withMutableValues { g in for i in 0..<g.count { g[i] *= factor } }
    }
  }
  return norm
}

/// Loads a per-parameter state tensor, checking its presence and shape.
func restoreState(_ state: [String: Tensor], key: String, shape: [Int]) throws(CairnError) -> Tensor
{
  guard let tensor = state[key] else {
    throw .invalidInput("optimizer state has no tensor '\(key)'")
  }
  guard tensor.shape == shape else {
    throw .invalidInput("optimizer state '\(key)' has shape \(tensor.shape), expected \(shape)")
  }
  return tensor.plain().detached()
}

import CairnCore
import CairnEngine

/// Finite-difference checks of the engine's gradients.
public enum GradientCheck {
  /// Compares analytic and numerical directional derivatives of f along a random direction for each input.
  ///
  /// f must map the inputs to a scalar. For each input x and a random unit direction v, the numerical derivative
  /// (f(x + εv) − f(x − εv)) / 2ε is compared with ⟨∇ₓf, v⟩. Returns the worst relative error over inputs
  /// (|a − n| / max(|a|, |n|, floor)).
  public static func maximumRelativeError(
    inputs: [Tensor], epsilon: Float = 1e-2, seed: UInt64 = 1, floor: Float = 1e-2,
    _ f: () -> Tensor
  ) -> Float {
    for x in inputs { x.grad = nil }
    f().backward()
    var random = RandomStream(seed: seed, name: "gradient check")
    var worst: Float = 0
    for x in inputs {
      let analyticGradient = x.grad?.toArray() ?? [Float](repeating: 0, count: x.elementCount)
      var direction = (0..<x.elementCount).map { _ in Float(random.normal()) }
      let norm = direction.reduce(0) { $0 + $1 * $1 }.squareRoot()
      direction = direction.map { $0 / norm }
      let original = x.toArray()
      func evaluate(_ step: Float) -> Double {
        x.withMutableValues { values in
          for i in 0..<values.count { values[i] = original[i] + step * direction[i] }
        }
        return Double(withoutGradients { f() }.item)
      }
      let numerical = Float((evaluate(epsilon) - evaluate(-epsilon)) / (2 * Double(epsilon)))
      x.withMutableValues { values in for i in 0..<values.count { values[i] = original[i] } }
      let analytic = zip(analyticGradient, direction).reduce(Float(0)) { $0 + $1.0 * $1.1 }
      let error = abs(analytic - numerical) / max(abs(analytic), abs(numerical), floor)
      worst = max(worst, error)
    }
    return worst
  }

  /// A projection loss Σ y ⊙ r with fixed random weights r, turning any op output y into a scalar.
  public static func projection(like y: Tensor, seed: UInt64 = 99) -> Tensor {
    var random = RandomStream(seed: seed, name: "projection")
    return Tensor(shape: y.shape, values: (0..<y.elementCount).map { _ in Float(random.normal()) })
  }
}

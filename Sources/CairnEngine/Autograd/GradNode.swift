/// One recorded step of a forward computation: the op's name, its inputs, and its pullback.
///
/// The pullback maps the gradient of the op's output to one gradient per input (nil where an input gets none).
/// Gradients may come back in any layout; accumulation converts them to the input's layout.
final class GradNode {
  let operation: String
  let inputs: [Tensor]
  let pullback: (Tensor) -> [Tensor?]

  init(operation: String, inputs: [Tensor], pullback: @escaping (Tensor) -> [Tensor?]) {
    self.operation = operation
    self.inputs = inputs
    self.pullback = pullback
  }
}

/// Whether ops record the autograd graph. Evaluation runs inside `withoutGradients`, which keeps no graph memory.
public enum GradMode {
  @TaskLocal static var isDisabled = false

  /// True when ops record gradients (the default).
  public static var isEnabled: Bool { !isDisabled }
}

/// Runs `body` with gradient recording off: ops build no graph and keep no tensors alive for a backward pass.
public func withoutGradients<R>(_ body: () throws -> R) rethrows -> R {
  try GradMode.$isDisabled.withValue(true) { try body() }
}

extension Tensor {
  /// Makes `output` (a fresh op result) remember how to pull gradients back to `inputs`, if any of them needs one.
  @discardableResult
  static func record(
    _ operation: String, output: Tensor, inputs: [Tensor], pullback: @escaping (Tensor) -> [Tensor?]
  ) -> Tensor {
    guard GradMode.isEnabled, inputs.contains(where: { $0.requiresGrad }) else { return output }
    output.requiresGrad = true
    output.gradNode = GradNode(operation: operation, inputs: inputs, pullback: pullback)
    return output
  }
}

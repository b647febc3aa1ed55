import CDNNL

extension Tensor {
  /// Back-propagates from this scalar: adds d(self)/d(leaf) into `grad` of every leaf tensor that requires one.
  ///
  /// Several `backward()` calls accumulate into the same leaf gradients until they are cleared (an optimizer's
  /// `zeroGrad()`), so a task loss and extra ranking losses can share one optimizer step.
  /// The walk is a reverse topological order over the recorded graph; each node's pullback runs once with the sum
  /// of the gradients flowing into its output.
  public func backward() {
    precondition(elementCount == 1, "backward() needs a scalar, shape is \(shape)")
    backward(seed: Tensor(repeating: 1, shape: shape))
  }

  /// Back-propagates a given output gradient (same shape as self).
  public func backward(seed: Tensor) {
    precondition(seed.shape == shape, "seed shape \(seed.shape) does not match \(shape)")
    guard requiresGrad else { return }
    let order = topologicalOrder()
    var gradients: [ObjectIdentifier: Tensor] = [ObjectIdentifier(self): seed]
    for tensor in order.reversed() {
      guard let gradient = gradients.removeValue(forKey: ObjectIdentifier(tensor)) else { continue }
      guard let node = tensor.gradNode else {
        tensor.accumulateLeafGradient(gradient)
        continue
      }
      let inputGradients = node.pullback(gradient)
      precondition(
        inputGradients.count == node.inputs.count,
        "\(node.operation) pullback returned \(inputGradients.count) gradients for \(node.inputs.count) inputs"
      )
      for (input, inputGradient) in zip(node.inputs, inputGradients) {
        guard input.requiresGrad, let inputGradient else { continue }
        precondition(
          inputGradient.shape == input.shape,
          "\(node.operation) pullback gave gradient shape \(inputGradient.shape) for input shape \(input.shape)"
        )
        let key = ObjectIdentifier(input)
        if let existing = gradients[key] {
          gradients[key] = existing.adding(inputGradient)
        } else {
          gradients[key] = inputGradient
        }
      }
    }
  }

  /// All tensors that require gradients and lead to self, inputs before outputs.
  private func topologicalOrder() -> [Tensor] {
    var order: [Tensor] = []
    var visited: Set<ObjectIdentifier> = []
    var stack: [(Tensor, Bool)] = [(self, false)]
    while let (tensor, expanded) = stack.popLast() {
      if expanded {
        order.append(tensor)
        continue
      }
      guard visited.insert(ObjectIdentifier(tensor)).inserted else { continue }
      stack.append((tensor, true))
      for input in tensor.gradNode?.inputs ?? [] where input.requiresGrad {
        if !visited.contains(ObjectIdentifier(input)) { stack.append((input, false)) }
      }
    }
    return order
  }

  private func accumulateLeafGradient(_ gradient: Tensor) {
    let plainGradient = gradient.converted(to: .plain(shape.isEmpty ? [1] : shape), shape: shape)
    if let grad {
      grad.withMutableValues { target in
        plainGradient.withValues { source in
          for i in 0..<target.count { target[i] += source[i] }
        }
      }
    } else {
      grad = plainGradient === gradient ? gradient.detached() : plainGradient
    }
  }

  /// Element-wise sum with another gradient of the same shape, in self's layout. Not tracked.
  func adding(_ other: Tensor) -> Tensor {
    let b = other.converted(to: descriptor, shape: shape)
    let output = Tensor.output(descriptor, shape: shape)
    Binary.primitive(.add, descriptor).execute([
      (DNNL_ARG_SRC_0, self), (DNNL_ARG_SRC_1, b), (DNNL_ARG_DST, output),
    ])
    return output
  }
}

/// Full reductions over all elements (accumulated in Double).
enum Reduction {
  /// Σ of all logical elements.
  static func plainSum(_ tensor: Tensor) -> Double {
    tensor.withValues { values in
      var total = 0.0
      for v in values { total += Double(v) }
      return total
    }
  }
}

extension Tensor {
  /// The sum of all elements, as a scalar. Gradient: g broadcast to every element.
  public func sum() -> Tensor {
    let output = Tensor(scalar: Float(Reduction.plainSum(self)))
    return Tensor.record("sum", output: output, inputs: [self]) { g in
      [Tensor(repeating: g.item, shape: self.shape)]
    }
  }

  /// The mean of all elements, as a scalar. Gradient: g / count broadcast to every element.
  public func mean() -> Tensor {
    let count = Float(elementCount)
    let output = Tensor(scalar: Float(Reduction.plainSum(self) / Double(elementCount)))
    return Tensor.record("mean", output: output, inputs: [self]) { g in
      [Tensor(repeating: g.item / count, shape: self.shape)]
    }
  }

  /// A view with another shape of the same element count. Gradient: g reshaped back.
  public func reshaped(_ newShape: [Int]) -> Tensor {
    precondition(
      newShape.reduce(1, *) == elementCount,
      "cannot reshape \(shape) (\(elementCount) elements) to \(newShape)")
    let source = plain()
    let output = Tensor(descriptor: .plain(newShape), shape: newShape, storage: source.storage)
    return Tensor.record("reshape", output: output, inputs: [self]) { g in
      let plainGradient = g.plain()
      return [
        Tensor(descriptor: .plain(self.shape), shape: self.shape, storage: plainGradient.storage)
      ]
    }
  }
}

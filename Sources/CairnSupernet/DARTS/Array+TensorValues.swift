import CairnEngine

extension Array where Element == Tensor {
  /// Each tensor's values.
  var values: [[Float]] { map { $0.toArray() } }

  /// Overwrites each tensor's values with the matching array (same element counts).
  func set(_ values: [[Float]]) {
    for (tensor, value) in zip(self, values) {
      tensor.withMutableValues { buffer in
        for i in 0..<buffer.count { buffer[i] = value[i] }
      }
    }
  }

  /// Each tensor's gradient values (zeros where there is none), then every gradient cleared.
  func takeGradients() -> [[Float]] {
    defer { for tensor in self { tensor.grad = nil } }
    return map { $0.grad?.toArray() ?? [Float](repeating: 0, count: $0.elementCount) }
  }
}

/// `w + scale · d` elementwise, in double precision.
func axpy(_ w: [[Float]], _ d: [[Float]], scale: Double) -> [[Float]] {
  zip(w, d).map { values, direction in
    zip(values, direction).map { Float(Double($0) + scale * Double($1)) }
  }
}

/// The Euclidean norm of every element together.
func norm(_ values: [[Float]]) -> Double {
  values.joined().reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
}

import CairnEngine

extension Tensor {
  /// A new plain tensor of `shape` holding this tensor's leading block: indices 0..<shape[i] along every axis i
  /// (a narrower branch's filters, input channels, batch-norm entries or classifier columns copied from its
  /// parent). Not tracked by autograd. Needs as many axes and `shape[i]` ≤ this tensor's size on every axis.
  public func leadingBlock(_ shape: [Int]) -> Tensor {
    precondition(
      shape.count == self.shape.count && zip(shape, self.shape).allSatisfy { $0 <= $1 },
      "cannot take a \(shape) block of a \(self.shape) tensor")
    let values = toArray()
    var strides = [Int](repeating: 1, count: shape.count)
    for axis in stride(from: shape.count - 2, through: 0, by: -1) {
      strides[axis] = strides[axis + 1] * self.shape[axis + 1]
    }
    let count = shape.reduce(1, *)
    var result = [Float](repeating: 0, count: count)
    for flat in 0..<count {
      var rest = flat
      var source = 0
      for axis in stride(from: shape.count - 1, through: 0, by: -1) {
        source += (rest % shape[axis]) * strides[axis]
        rest /= shape[axis]
      }
      result[flat] = values[source]
    }
    return Tensor(shape: shape, values: result)
  }
}

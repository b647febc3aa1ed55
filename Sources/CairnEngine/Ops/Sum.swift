/// The element-wise sum of one or more same-shape tensors (a NAS cell node summing its incoming edges).
///
/// Computed as a chain of oneDNN binary adds in the first input's layout (faster than oneDNN's n-ary sum on blocked
/// layouts). Gradient: g to every input.
public func sum(_ tensors: [Tensor]) -> Tensor {
  precondition(!tensors.isEmpty, "sum needs at least one tensor")
  let shape = tensors[0].shape
  for t in tensors { precondition(t.shape == shape, "cannot sum shapes \(shape) and \(t.shape)") }
  if tensors.count == 1 { return tensors[0] }
  var output = Binary.apply(.add, tensors[0], tensors[1])
  for t in tensors.dropFirst(2) {
    output = Binary.apply(.add, output, t)
  }
  return Tensor.record("sum of \(tensors.count)", output: output, inputs: tensors) { g in
    Array(repeating: g, count: tensors.count)
  }
}

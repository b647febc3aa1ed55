import CairnEngine

extension Tensor {
  /// The first `count` entries along axis 0: the leading output channels of a convolution weight [O, I, k, k],
  /// the leading rows of a matrix, the leading channels of a batch-norm parameter [C]. Self when `count` is the
  /// whole axis.
  ///
  /// Recorded for autograd: the gradient lands in those entries of this tensor and is zero elsewhere. The leading
  /// entries along axis 0 are a contiguous prefix, so this is one copy of `count · inner` values (as a channel slice
  /// of the tensor viewed as [1, elementCount]).
  public func leadingSlice(_ count: Int) -> Tensor {
    precondition(!shape.isEmpty, "leadingSlice needs at least one axis")
    precondition(count > 0 && count <= shape[0], "cannot take \(count) leading entries of \(shape)")
    if count == shape[0] { return self }
    let inner = elementCount / shape[0]
    var sliced = shape
    sliced[0] = count
    return reshaped([1, elementCount]).sliceChannels(0..<(count * inner)).reshaped(sliced)
  }

  /// This [N, c, H, W] tensor followed by zero channels up to `channels` (self when it has that many). Gradient:
  /// the leading c channels of g.
  public func paddingChannels(to channels: Int) -> Tensor {
    guard channels > shape[1] else { return self }
    var zeros = shape
    zeros[1] = channels - shape[1]
    return concatChannels([self, Tensor(zeros: zeros)])
  }

  /// The first `count` channels along axis 1 of a 2-D or 4-D tensor (the input channels of a convolution
  /// weight); self when `count` is the whole axis. Gradient as for `sliceChannels`.
  public func leadingChannels(_ count: Int) -> Tensor {
    precondition(shape.count >= 2, "leadingChannels needs at least two axes, shape is \(shape)")
    return count == shape[1] ? self : sliceChannels(0..<count)
  }
}

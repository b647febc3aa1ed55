import CairnEngine

extension Conv2d {
  /// The convolution of x [N, c, H, W] with the leading `outputChannels` × c slice of this layer's weight (and
  /// the leading `outputChannels` of its bias): a narrower convolution that shares this layer's weights.
  ///
  /// This is the "fixed chunk" of a weight-sharing super-net: sub-networks of width c use the first c filters.
  /// Gradients reach only the sliced entries. Needs `groups == 1`, c ≤ input channels and
  /// `outputChannels` ≤ output channels.
  public func callAsFunction(sliced x: Tensor, outputChannels: Int) -> Tensor {
    precondition(geometry.groups == 1, "a sliced convolution needs groups == 1")
    let sliced = weight.leadingSlice(outputChannels).leadingChannels(x.shape[1])
    return conv2d(
      x, weight: sliced, bias: bias?.leadingSlice(outputChannels), geometry: geometry)
  }
}

import CairnEngine

extension Conv2d {
  /// The convolution of x [N, c, H, W] with the leading `outputChannels` × c slice of this layer's weight (and
  /// the leading `outputChannels` of its bias): a narrower convolution that shares this layer's weights.
  ///
  /// This is the "fixed chunk" of a weight-sharing super-net: sub-networks of width c use the first c filters.
  /// Gradients reach only the sliced entries. Needs `groups == 1`, c ≤ input channels and
  /// `outputChannels` ≤ output channels.
  ///
  /// Slices narrower than `Conv2d.fastChannelMinimum` channels run at that width (the input padded with zero
  /// channels, the extra outputs dropped): the result and the gradients are the same, and oneDNN has fast kernels
  /// for 8 channels but only reference code for 4 to 7 (about 100 times slower).
  public func callAsFunction(sliced x: Tensor, outputChannels: Int) -> Tensor {
    precondition(geometry.groups == 1, "a sliced convolution needs groups == 1")
    let minimum = Self.fastChannelMinimum
    let inputs = x.shape[1]
    let paddedInputs = inputs < minimum ? min(minimum, weight.shape[1]) : inputs
    let paddedOutputs = outputChannels < minimum ? min(minimum, weight.shape[0]) : outputChannels
    let input = x.paddingChannels(to: paddedInputs)
    let sliced = weight.leadingSlice(paddedOutputs).leadingChannels(paddedInputs)
    let output = conv2d(
      input, weight: sliced, bias: bias?.leadingSlice(paddedOutputs), geometry: geometry)
    return paddedOutputs > outputChannels ? output.sliceChannels(0..<outputChannels) : output
  }

  /// The narrowest channel count a sliced convolution runs at.
  public static let fastChannelMinimum = 8
}

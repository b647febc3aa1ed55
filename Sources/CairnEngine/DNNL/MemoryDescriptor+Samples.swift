extension MemoryDescriptor {
  /// The channel block of a 4-D activation layout whose samples and channel blocks are stored one after another,
  /// each an H × W plane of `block` interleaved channels: 1 for plain `nchw`, 8 for `nChw8c`, 16 for `nChw16c`;
  /// nil for any other layout (channels-last, other ranks).
  ///
  /// In these layouts element (n, c, h, w) sits at ((n · ⌈C/b⌉ + ⌊c/b⌋) · H + h) · W + w) · b + c mod b, so a
  /// sample is one contiguous range and a spatial shift moves whole b-float vectors.
  var planeChannelBlock: Int? {
    let dims = self.dims
    guard dims.count == 4 else { return nil }
    if isPlain { return 1 }
    for block in [8, 16] where self == .blocked(dims, channelBlock: block) { return block }
    return nil
  }
}

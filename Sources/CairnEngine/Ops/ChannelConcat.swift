/// Channel-axis concatenation and slicing for [N, C] and [N, C, H, W] tensors, in plain layout, or in a
/// channel-blocked layout (`nChw8c`, `nChw16c`) when every channel count and offset is a multiple of the block:
/// either way a sample's channels `offset..<offset + count` are one contiguous run of `count · H · W` values.
enum ChannelCopy {
  /// Copies `count` channels of every sample from `source` (starting at `sourceOffset`) into `target`; a plain
  /// target reads the source's plain values, a blocked one the source as it is (same layout).
  static func copy(
    from source: Tensor, channelOffset sourceOffset: Int, into target: Tensor,
    channelOffset targetOffset: Int,
    count: Int
  ) {
    let inner = source.shape.dropFirst(2).reduce(1, *)
    let batch = source.shape[0]
    let sourceChannels = source.shape[1]
    let targetChannels = target.shape[1]
    let src = target.isPlain ? source.plain() : source
    withExtendedLifetime(src) {
      let from = src.storage.floats
      let to = target.storage.floats
      for n in 0..<batch {
        (to + (n * targetChannels + targetOffset) * inner).update(
          from: from + (n * sourceChannels + sourceOffset) * inner, count: count * inner)
      }
    }
  }
}

/// Concatenates tensors along the channel axis (axis 1). All other dimensions must agree.
///
/// Inputs of whole channel blocks, most of them in one blocked layout (a cell's node outputs), concatenate in that
/// layout (the others are reordered to it first); others in plain layout. Gradient: the matching channel slice of
/// g to each input.
public func concatChannels(_ tensors: [Tensor]) -> Tensor {
  precondition(!tensors.isEmpty, "concatChannels needs at least one tensor")
  let first = tensors[0].shape
  precondition(
    first.count == 2 || first.count == 4,
    "concatChannels needs 2-D or 4-D tensors, shape is \(first)")
  for t in tensors {
    precondition(
      t.shape.count == first.count && t.shape[0] == first[0]
        && Array(t.shape.dropFirst(2)) == Array(first.dropFirst(2)),
      "cannot concatenate shapes \(first) and \(t.shape) along channels")
  }
  var shape = first
  shape[1] = tensors.map { $0.shape[1] }.reduce(0, +)
  let output: Tensor
  var sources = tensors
  let block = concatenationBlock(tensors)
  if let block {
    output = Tensor.output(.blocked(shape, channelBlock: block), shape: shape)
    sources = tensors.map { $0.converted(to: .blocked($0.shape, channelBlock: block)) }
  } else {
    output = Tensor(zeros: shape)
  }
  let outputDescriptor = output.descriptor
  var offsets: [Int] = []
  var offset = 0
  for t in sources {
    offsets.append(offset)
    ChannelCopy.copy(
      from: t, channelOffset: 0, into: output, channelOffset: offset, count: t.shape[1])
    offset += t.shape[1]
  }
  return Tensor.record("concatChannels", output: output, inputs: tensors) { g in
    let gradient = outputDescriptor.isPlain ? g : g.converted(to: outputDescriptor, shape: shape)
    return zip(tensors, offsets).map { t, start in
      let piece =
        block.map { Tensor.output(.blocked(t.shape, channelBlock: $0), shape: t.shape) }
        ?? Tensor(zeros: t.shape)
      ChannelCopy.copy(
        from: gradient, channelOffset: start, into: piece, channelOffset: 0, count: t.shape[1])
      return piece
    }
  }
}

/// The channel block (8 or 16) to concatenate 4-D `tensors` in: the one most of them are stored in, when every
/// channel count is a whole number of blocks (the others are reordered to it); nil for plain layout.
private func concatenationBlock(_ tensors: [Tensor]) -> Int? {
  let blocks = tensors.compactMap(\.descriptor.planeChannelBlock).filter { $0 > 1 }
  guard !blocks.isEmpty else { return nil }
  let block = blocks.filter { $0 == 16 }.count * 2 > blocks.count ? 16 : 8
  return tensors.allSatisfy { $0.shape[1] % block == 0 } ? block : nil
}

extension Tensor {
  /// The channels `range` (axis 1) of a [N, C] or [N, C, H, W] tensor, as a new tensor.
  /// Gradient: g placed into those channels of a zero tensor.
  public func sliceChannels(_ range: Range<Int>) -> Tensor {
    precondition(
      shape.count == 2 || shape.count == 4, "sliceChannels needs 2-D or 4-D, shape is \(shape)")
    precondition(
      range.lowerBound >= 0 && range.upperBound <= shape[1] && !range.isEmpty,
      "bad channel range \(range)")
    var outputShape = shape
    outputShape[1] = range.count
    let output = Tensor(zeros: outputShape)
    ChannelCopy.copy(
      from: self, channelOffset: range.lowerBound, into: output, channelOffset: 0,
      count: range.count)
    return Tensor.record("sliceChannels", output: output, inputs: [self]) { g in
      let gradInput = Tensor(zeros: self.shape)
      ChannelCopy.copy(
        from: g, channelOffset: 0, into: gradInput, channelOffset: range.lowerBound,
        count: range.count)
      return [gradInput]
    }
  }
}

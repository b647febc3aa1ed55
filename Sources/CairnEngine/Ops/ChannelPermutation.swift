extension Tensor {
  /// The channels of a [N, C] or [N, C, H, W] tensor in the order `order` (output channel i is input channel
  /// `order[i]`; `order` is a permutation of 0..<C), in plain layout. Gradient: g permuted back.
  public func permutingChannels(_ order: [Int]) -> Tensor {
    precondition(shape.count == 2 || shape.count == 4, "channel permutation needs 2-D or 4-D")
    precondition(
      order.count == shape[1] && Set(order) == Set(0..<shape[1]),
      "\(order) is not a permutation of \(shape[1]) channels")
    let output = Tensor(zeros: shape)
    Self.permute(plain(), into: output, order: order)
    return Tensor.record("permute channels", output: output, inputs: [self]) { g in
      var inverse = [Int](repeating: 0, count: order.count)
      for (position, channel) in order.enumerated() { inverse[channel] = position }
      let gradient = Tensor(zeros: self.shape)
      Self.permute(g.plain(), into: gradient, order: inverse)
      return [gradient]
    }
  }

  /// ShuffleNet's channel shuffle with `groups` groups (as PC-DARTS mixes its partial channels): the channels
  /// viewed as [groups, C / groups] are read transposed. Needs C divisible by `groups`.
  public func shufflingChannels(groups: Int) -> Tensor {
    let channels = shape[1]
    precondition(groups > 0 && channels % groups == 0, "\(channels) channels in \(groups) groups")
    let perGroup = channels / groups
    return permutingChannels(
      (0..<channels).map { output in (output % groups) * perGroup + output / groups })
  }

  private static func permute(_ source: Tensor, into target: Tensor, order: [Int]) {
    let inner = source.shape.dropFirst(2).reduce(1, *)
    let channels = source.shape[1]
    withExtendedLifetime(source) {
      let from = source.storage.floats
      let to = target.storage.floats
      for n in 0..<source.shape[0] {
        for (position, channel) in order.enumerated() {
          (to + (n * channels + position) * inner).update(
            from: from + (n * channels + channel) * inner, count: inner)
        }
      }
    }
  }
}

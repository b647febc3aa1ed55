import CairnCore
import CairnEngine

/// How an NB101 super-net layer runs at a narrower width than its weights (`supernet.nb101.channel_slicing`): which
/// of its full-width input columns and output channels a cell's vertex uses. The landmark authors' code names
/// these `dynamic_conv_method` (the weight's input columns) and `channel_dropout_method` (the output activations);
/// Cairn applies one method to both.
public enum NB101ChannelSlicing: String, Hashable, Sendable, CaseIterable {
  /// The first c channels (`fixed_chunck`).
  case leading
  /// c consecutive channels from a random offset in 0..<(C − c), drawn at every pass (`random_chunck`).
  case randomWindow = "random-window"
  /// c channels in the order of a random permutation, drawn at every pass (`select_dropout`).
  case randomSubset = "random-subset"
  /// c averages of consecutive channel bins, as adaptive average pooling over channels (`interpolation`).
  case interpolation
  /// No sharing across widths: a vertex holds one set of weights for every width it can have, and a cell uses
  /// the set of its width (`expand`).
  case expand

  /// The map from `full` channels to `count` as a [count, full, 1, 1] weight (a 1×1 convolution that selects or
  /// averages channels), drawing from `random` for the random methods; nil for `leading` or when nothing narrows.
  public func map(from full: Int, to count: Int, random: inout RandomStream) -> Tensor? {
    guard self != .leading, self != .expand, count < full else { return nil }
    var values = [Float](repeating: 0, count: count * full)
    switch self {
    case .leading, .expand:
      return nil
    case .randomWindow:
      let offset = random.int(below: full - count)
      for j in 0..<count { values[j * full + offset + j] = 1 }
    case .randomSubset:
      var order = Array(0..<full)
      random.shuffle(&order)
      for j in 0..<count { values[j * full + order[j]] = 1 }
    case .interpolation:
      for j in 0..<count {
        let start = j * full / count
        let end = ((j + 1) * full + count - 1) / count
        for i in start..<end { values[j * full + i] = 1 / Float(end - start) }
      }
    }
    return Tensor(shape: [count, full, 1, 1], values: values)
  }
}

extension ConvBNReLU {
  /// The output [N, outputChannels, H, W] of x [N, c, H, W] under `slicing`: the layer runs at full width on
  /// x spread over its input columns (the transposed map from c to the full input width), normalizes with the
  /// batch norm of `inputSet`, and keeps `outputChannels` channels by the map from the full output width. With
  /// `leading` this is the sliced layer (`callAsFunction(_:outputChannels:inputSet:)`). Random maps draw from
  /// `random`, input side first.
  public func callAsFunction(
    _ x: Tensor, outputChannels: Int, inputSet: Int, slicing: NB101ChannelSlicing,
    random: inout RandomStream
  ) -> Tensor {
    guard slicing != .leading, slicing != .expand else {
      return self(x, outputChannels: outputChannels, inputSet: inputSet)
    }
    let (inputs, fullInputs, fullOutputs) = (x.shape[1], conv.weight.shape[1], conv.weight.shape[0])
    var input = x
    if let map = slicing.map(from: fullInputs, to: inputs, random: &random) {
      // [c, C, 1, 1] → [C, c, 1, 1]: column i of the weight sees the inputs mapped to it.
      let values = map.toArray()
      let transposed = (0..<(fullInputs * inputs)).map {
        values[($0 % inputs) * fullInputs + $0 / inputs]
      }
      input = conv2d(x, weight: Tensor(shape: [fullInputs, inputs, 1, 1], values: transposed))
    }
    let full = self(input, outputChannels: fullOutputs, inputSet: inputSet)
    guard let map = slicing.map(from: fullOutputs, to: outputChannels, random: &random) else {
      return full
    }
    return conv2d(full, weight: map)
  }
}

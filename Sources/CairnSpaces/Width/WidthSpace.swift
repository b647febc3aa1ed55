import CairnCore

/// The ResNet-20 channel-width search space of the CVPR 2021 Lightweight NAS Challenge (super-net track): a stem
/// convolution and 3 stages × 3 basic blocks (two 3×3 convolutions each; stride 2 at the first block of stages 2
/// and 3), one output width chosen per convolution — layers 1–7 from {4, 8, 12, 16}, layers 8–13 from
/// {4, 8, …, 32}, layers 14–19 from {4, 8, …, 64}: 4^7 · 8^6 · 16^6 = 2^56 networks. The classifier reads the
/// last convolution's width.
///
/// Residual-coupled widths: every width is chosen independently, and a block's shortcut adapts the input to the
/// width of the block's second convolution (see `WidthNetwork`): the challenge's encoding has one width per
/// convolution and no coupling constraint, so Cairn has none either.
///
/// Choice encoding: one operation decision per layer, choosing the index of its width among the layer's
/// candidates (so `4` is choice 0 everywhere).
public struct WidthSpace: ChoiceEncoding, Hashable, Codable {
  public typealias Architecture = WidthArchitecture

  /// The step between candidate widths.
  public static let widthStep = 4

  public init() {}

  public var name: String { "resnet20-width" }

  /// The widest choice of each layer (16 for the stem and stage 1, 32 for stage 2, 64 for stage 3).
  public var maximumWidths: [Int] {
    (0..<WidthArchitecture.layerCount).map { layer in
      switch layer {
      case 0..<7: 16
      case 7..<13: 32
      default: 64
      }
    }
  }

  /// The candidate widths of `layer` (0-based), narrowest first.
  public func candidates(ofLayer layer: Int) -> [Int] {
    Array(stride(from: Self.widthStep, through: maximumWidths[layer], by: Self.widthStep))
  }

  /// The widest network: every layer at its maximum width.
  public var widest: WidthArchitecture { architecture(unchecked: maximumWidths) }

  /// The narrowest network: every layer at 4 channels.
  public var narrowest: WidthArchitecture {
    architecture(unchecked: [Int](repeating: Self.widthStep, count: WidthArchitecture.layerCount))
  }

  public var decisions: [Decision] {
    maximumWidths.enumerated().map { layer, maximum in
      Decision(size: maximum / Self.widthStep, kind: .operation, name: "layer \(layer + 1) width")
    }
  }

  public func isValid(_ architecture: WidthArchitecture) -> Bool {
    problem(with: architecture) == nil
  }

  /// Names the first layer whose width is not one of its candidates.
  public func problem(with architecture: WidthArchitecture) -> String? {
    for (layer, width) in architecture.widths.enumerated()
    where !candidates(ofLayer: layer).contains(width) {
      return "layer \(layer + 1) has width \(width); its candidates are "
        + "4, 8, …, \(maximumWidths[layer]) (multiples of 4)"
    }
    return nil
  }

  /// Each layer's width drawn uniformly among its candidates.
  public func sample(using random: inout RandomStream) -> WidthArchitecture {
    architecture(unchecked: decisions.map { (random.int(below: $0.size) + 1) * Self.widthStep })
  }

  /// One layer's width changed to another of its candidates, uniformly.
  public func mutate(_ architecture: WidthArchitecture, using random: inout RandomStream)
    -> WidthArchitecture
  {
    var choices = self.choices(of: architecture)
    let layer = random.int(below: choices.count)
    var value = random.int(below: decisions[layer].size - 1)
    if value >= choices[layer] { value += 1 }
    choices[layer] = value
    return self.architecture(unchecked: choices.map { ($0 + 1) * Self.widthStep })
  }

  /// Every architecture with one layer's width changed, layer by layer, narrowest first.
  public func neighbors(of architecture: WidthArchitecture) -> [WidthArchitecture] {
    var result: [WidthArchitecture] = []
    for layer in 0..<WidthArchitecture.layerCount {
      for width in candidates(ofLayer: layer) where width != architecture.widths[layer] {
        var widths = architecture.widths
        widths[layer] = width
        result.append(self.architecture(unchecked: widths))
      }
    }
    return result
  }

  public func encode(_ architecture: WidthArchitecture) -> [Int] { choices(of: architecture) }

  public func choices(of architecture: WidthArchitecture) -> [Int] {
    architecture.widths.map { $0 / Self.widthStep - 1 }
  }

  public func architecture(choices: [Int]) throws(CairnError) -> WidthArchitecture {
    try checkChoices(choices)
    return architecture(unchecked: choices.map { ($0 + 1) * Self.widthStep })
  }

  /// Reads `w1-…-w19`; throws naming the text when it is not 19 positive whole numbers. Whether each width is a
  /// candidate of its layer is `problem(with:)`'s question.
  public func parse(_ text: String) throws(CairnError) -> WidthArchitecture {
    try WidthArchitecture(parsing: text)
  }

  public func format(_ architecture: WidthArchitecture) -> String { architecture.description }

  /// The architecture of `widths`, which the caller has built as 19 positive widths.
  private func architecture(unchecked widths: [Int]) -> WidthArchitecture {
    WidthArchitecture(checkedWidths: widths)
  }
}

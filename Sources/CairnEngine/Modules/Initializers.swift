import CairnCore
import Foundation

/// Weight initialisers. Each draws from a given `RandomStream`, so a model's initial weights follow from its seed.
public enum Initializer {
  /// PyTorch's default for convolution and linear weights: kaiming_uniform with a = √5, which is
  /// U(−1/√fan_in, 1/√fan_in).
  case pytorchDefault
  /// Kaiming (He) normal for ReLU networks: N(0, 2 / fan), with fan = fan_in or fan_out.
  case kaimingNormal(fanOut: Bool)
  /// Uniform in [−bound, bound].
  case uniform(bound: Float)
  /// A constant.
  case constant(Float)

  /// Values for a weight of `shape`; fan_in = shape[1]·(receptive field), fan_out = shape[0]·(receptive field).
  public func values(shape: [Int], using random: inout RandomStream) -> [Float] {
    let count = shape.reduce(1, *)
    let receptive = shape.dropFirst(2).reduce(1, *)
    let fanIn = shape.count > 1 ? shape[1] * receptive : shape[0]
    let fanOut = shape[0] * receptive
    switch self {
    case .pytorchDefault:
      let bound = Float(1 / Double(max(fanIn, 1)).squareRoot())
      return (0..<count).map { _ in random.uniform(-bound, bound) }
    case .kaimingNormal(let useFanOut):
      let std = (2 / Double(max(useFanOut ? fanOut : fanIn, 1))).squareRoot()
      return (0..<count).map { _ in Float(random.normal() * std) }
    case .uniform(let bound):
      return (0..<count).map { _ in random.uniform(-bound, bound) }
    case .constant(let value):
      return [Float](repeating: value, count: count)
    }
  }
}

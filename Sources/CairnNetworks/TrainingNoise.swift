import CairnCore
import CairnEngine

/// The random regularization of a training forward pass: drop-path on paths and dropout on the classifier's
/// input, with every mask drawn from one stream that the trainer saves in its checkpoints (so a resumed run drops
/// the same paths as an uninterrupted one). A probability of 0 draws nothing.
public struct TrainingNoise: Sendable {
  /// p of drop-path: the probability of dropping one sample's path (at depth fraction 1), in [0, 1).
  public var dropPath: Float
  /// The probability of zeroing one element of the classifier's input, in [0, 1).
  public var classifierDropout: Float
  /// The stream the Bernoulli masks are drawn from.
  public var random: RandomStream

  public init(dropPath: Float = 0, classifierDropout: Float = 0, random: RandomStream) {
    precondition((0..<1).contains(dropPath), "drop-path probability must be in [0, 1)")
    precondition((0..<1).contains(classifierDropout), "dropout probability must be in [0, 1)")
    self.dropPath = dropPath
    self.classifierDropout = classifierDropout
    self.random = random
  }

  /// No noise.
  public static var off: TrainingNoise { TrainingNoise(random: RandomStream(seed: 0)) }

  /// Drop-path (DARTS's `drop_path`): each sample of x [N, …] is zeroed with probability q = p · `depthFraction`
  /// and the kept samples are scaled by 1/(1 − q), so the expected output is unchanged; x itself when q is 0.
  /// Draws N uniforms when q > 0. A `depthFraction` of (l + 1)/L makes deeper layers drop more, as the landmark
  /// authors' super-nets do.
  public mutating func dropPaths(_ x: Tensor, depthFraction: Float = 1) -> Tensor {
    let probability = dropPath * depthFraction
    guard probability > 0 else { return x }
    let keep = 1 - probability
    let factors = (0..<x.shape[0]).map { _ in random.uniform() < Double(keep) ? 1 / keep : 0 }
    return x.scaledPerSample(by: factors)
  }

  /// Dropout on features x [N, F]: each element zeroed with probability `classifierDropout`, the rest scaled by
  /// 1/(1 − p) (inverted dropout); x itself when p is 0. Draws N·F uniforms when p > 0.
  public mutating func dropFeatures(_ x: Tensor) -> Tensor {
    guard classifierDropout > 0 else { return x }
    let keep = 1 - classifierDropout
    let mask = (0..<x.elementCount).map { _ in random.uniform() < Double(keep) ? 1 / keep : 0 }
    return x * Tensor(shape: x.shape, values: mask)
  }
}

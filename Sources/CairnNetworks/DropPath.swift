import CairnCore
import CairnEngine

/// DARTS's drop-path: during training, each sample of an op's output is zeroed with probability p and the kept
/// samples are scaled by 1/(1 − p), so the expected output is unchanged (`utils.drop_path` of the DARTS code).
///
/// The masks come from `random`, a stream the trainer saves in its checkpoints, so a resumed run drops the same
/// paths as an uninterrupted one. A probability of 0 draws nothing.
public struct DropPath: Sendable {
  /// p, the probability of dropping a sample's path, in [0, 1).
  public var probability: Float
  /// The stream the Bernoulli masks are drawn from.
  public var random: RandomStream

  public init(probability: Float, random: RandomStream) {
    precondition((0..<1).contains(probability), "drop-path probability must be in [0, 1)")
    self.probability = probability
    self.random = random
  }

  /// No drop-path.
  public static var off: DropPath { DropPath(probability: 0, random: RandomStream(seed: 0)) }

  /// x [N, …] with each sample kept with probability 1 − p and scaled by 1/(1 − p), or dropped (zeros); x itself
  /// when p is 0. Draws N uniforms from `random` when p > 0.
  public mutating func apply(_ x: Tensor) -> Tensor {
    guard probability > 0 else { return x }
    let keep = 1 - probability
    let factors = (0..<x.shape[0]).map { _ in random.uniform() < Double(keep) ? 1 / keep : 0 }
    return x.scaledPerSample(by: factors)
  }
}

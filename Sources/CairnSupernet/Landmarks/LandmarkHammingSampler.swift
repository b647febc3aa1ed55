import CairnCore
import CairnSpaces

/// Which form of Algorithm 1 `LandmarkHammingSampler` runs (landmark spec §3).
public enum LandmarkHammingVariant: String, CaseIterable, Codable, Hashable, Sendable {
  /// As the reference code (`sample_topologies_by_distance`): children are not deduplicated (the same architecture
  /// can be a landmark twice, and a child can repeat another root's pick); a child that is the architecture with
  /// id 0 (the worst of the space by ground truth) is dropped by a truthiness check, leaving one landmark fewer;
  /// a walk that does not get farther than d in 500 steps yields its last candidate anyway. Roots may repeat.
  case faithful
  /// Every landmark is distinct and not excluded: a root or child already chosen (or excluded) is redrawn with a
  /// new walk from the root; nothing is dropped; a walk that does not get farther than d in 500 steps yields the
  /// farthest candidate it visited (the first one at that distance).
  case corrected
}

/// Diverse landmark sampling by Hamming distance: Algorithm 1 of the landmark paper (landmark spec §3).
///
/// For each of `roots` roots: draw a uniformly random architecture (`space.sample`), keep it, and set
/// ref = [root]. Then for each of `childrenPerRoot` children: start from the root and repeatedly mutate the
/// current candidate by the space's mutation law (a cumulative random walk of at most `maximumWalkSteps` = 500
/// steps) until the mean Hamming distance from the candidate to ref exceeds d, and keep the candidate. ref is never
/// extended, so the distance is always to the root. The reference code sets roots = 1, children = K − 1 for
/// `hamming`, and children = 9 per root for `hamming-iteration`. Distances are on the space's `encode` vectors
/// (on a space of six operation decisions, d = 5 means all six differ).
public struct LandmarkHammingSampler<Space: SearchSpace>: Sendable {
  /// The space to sample and mutate in.
  public var space: Space
  /// d: a child's Hamming distance to its root must exceed it.
  public var distance: Int
  /// Reference quirks or their corrections.
  public var variant: LandmarkHammingVariant
  /// The longest walk, 500 in the reference code.
  public var maximumWalkSteps = 500
  /// In the corrected variant, the walks tried for one root or child before giving up on finding a new one.
  public var maximumAttempts = 200

  /// Creates a sampler; throws when `distance` is negative.
  public init(space: Space, distance: Int, variant: LandmarkHammingVariant) throws(CairnError) {
    guard distance >= 0 else {
      throw .invalidInput("landmark Hamming distance d must not be negative, got \(distance)")
    }
    self.space = space
    self.distance = distance
    self.variant = variant
  }

  /// The landmark architectures in draw order: the first root, its children, the second root, its children, …
  ///
  /// - Parameters:
  ///   - excluded: architectures the corrected variant never picks (the faithful variant has no such notion and
  ///     throws when this is not empty).
  ///   - idZero: for the faithful variant, the architecture whose reference id is 0 (the worst of the space by
  ///     ground truth, ties by index); a child equal to it is dropped, as in the reference. Nil drops nothing.
  /// - Throws: `CairnError.invalidInput` for a non-positive count, or when the corrected variant cannot find a new
  ///   architecture within `maximumAttempts` walks (the distance allows too few distinct children).
  public func sample(
    roots: Int, childrenPerRoot: Int, excluding excluded: Set<Space.Architecture> = [],
    idZero: Space.Architecture? = nil, using random: inout RandomStream
  ) throws(CairnError) -> [Space.Architecture] {
    guard roots >= 1 else {
      throw .invalidInput("landmark Hamming sampling needs at least 1 root, got \(roots)")
    }
    guard childrenPerRoot >= 0 else {
      throw .invalidInput(
        "landmark Hamming sampling needs a non-negative number of children, got \(childrenPerRoot)")
    }
    switch variant {
    case .faithful:
      guard excluded.isEmpty else {
        throw .invalidInput(
          "the faithful Hamming landmark selection cannot exclude architectures (the reference code does not); "
            + "use the corrected variant")
      }
      return faithfulSample(roots: roots, children: childrenPerRoot, idZero: idZero, using: &random)
    case .corrected:
      return try correctedSample(
        roots: roots, children: childrenPerRoot, excluded: excluded, using: &random)
    }
  }

  /// The mean Hamming distance from `candidate` to the architectures of `reference`.
  func meanDistance(_ candidate: Space.Architecture, to reference: [Space.Architecture]) -> Double {
    let total = reference.reduce(0) { $0 + space.hammingDistance(candidate, $1) }
    return Double(total) / Double(reference.count)
  }

  /// One walk from `root`: the candidate where the distance first exceeds d (or the walk ends), and the farthest
  /// candidate visited (the first at the largest distance).
  func walk(from root: Space.Architecture, using random: inout RandomStream) -> (
    last: Space.Architecture, farthest: Space.Architecture, reached: Bool
  ) {
    let reference = [root]
    var candidate = root
    var farthest = root
    var farthestDistance = 0.0
    var current = 0.0
    var steps = 0
    while current <= Double(distance) && steps < maximumWalkSteps {
      steps += 1
      candidate = space.mutate(candidate, using: &random)
      current = meanDistance(candidate, to: reference)
      if current > farthestDistance {
        farthest = candidate
        farthestDistance = current
      }
    }
    return (candidate, farthest, current > Double(distance))
  }

  private func faithfulSample(
    roots: Int, children: Int, idZero: Space.Architecture?, using random: inout RandomStream
  ) -> [Space.Architecture] {
    var result: [Space.Architecture] = []
    for _ in 0..<roots {
      let root = space.sample(using: &random)
      result.append(root)
      for _ in 0..<children {
        let child = walk(from: root, using: &random).last
        if child != idZero { result.append(child) }
      }
    }
    return result
  }

  private func correctedSample(
    roots: Int, children: Int, excluded: Set<Space.Architecture>, using random: inout RandomStream
  ) throws(CairnError) -> [Space.Architecture] {
    var taken = excluded
    var result: [Space.Architecture] = []
    for rootNumber in 0..<roots {
      var root: Space.Architecture?
      for _ in 0..<maximumAttempts {
        let candidate = space.sample(using: &random)
        if taken.insert(candidate).inserted {
          root = candidate
          break
        }
      }
      guard let root else {
        throw .invalidInput(
          "landmark Hamming sampling found no new root architecture for root \(rootNumber + 1) "
            + "in \(maximumAttempts) draws")
      }
      result.append(root)
      for childNumber in 0..<children {
        var found = false
        for _ in 0..<maximumAttempts {
          let outcome = walk(from: root, using: &random)
          let child = outcome.reached ? outcome.last : outcome.farthest
          if taken.insert(child).inserted {
            result.append(child)
            found = true
            break
          }
        }
        guard found else {
          throw .invalidInput(
            "landmark Hamming sampling found only \(childNumber) distinct children of root "
              + "\(rootNumber + 1) at distance > \(distance) in \(maximumAttempts) walks; "
              + "lower the landmark count or change the distance")
        }
      }
    }
    return result
  }
}

import CairnCore
import CairnSpaces

/// Chooses the single paths (sub-networks) a super-net trains on, step after step, in any space with a choice
/// encoding.
///
/// Each call to `nextStep` returns the paths of one optimizer step: one path for single-path one-shot (SPOS)
/// training, m paths whose gradients are accumulated for FairNAS. All randomness comes from the stream passed in,
/// which checkpoints save.
public struct PathSampler<Space: ChoiceEncoding> {
  public enum Law: Hashable, Sendable {
    /// SPOS: one architecture per step, uniform over `candidates` (or the space's own sampler).
    case uniform
    /// FairNAS strict fairness, defined for any choice encoding whose operation decisions all have m options:
    /// the connection decisions (if any) come from one uniform draw shared by the step's m paths, and every
    /// operation decision runs each of its m options exactly once over the m paths (an independent random
    /// permutation per decision). On a space of operation decisions only, this is FairNAS's own rule; on a space
    /// with connection decisions, the m paths share one graph and each vertex runs each of its ops once.
    case fairNAS
  }

  public let law: Law
  public let space: Space
  /// What uniform draws choose among: nil for the space's sampler (`space.sample`), else this list.
  public let candidates: [Space.Architecture]?

  /// Creates a sampler; throws when FairNAS is asked of a space whose operation decisions differ in size, or the
  /// candidate list is empty.
  public init(law: Law, space: Space, candidates: [Space.Architecture]? = nil) throws(CairnError) {
    if let candidates, candidates.isEmpty {
      throw .invalidInput("path sampling needs at least one candidate architecture")
    }
    if law == .fairNAS {
      let sizes = Set(space.decisions.filter { $0.kind == .operation }.map(\.size))
      guard sizes.count == 1 else {
        throw .invalidInput(
          "FairNAS needs operation decisions of one size; \(space.name) has sizes \(sizes.sorted())"
        )
      }
    }
    self.law = law
    self.space = space
    self.candidates = candidates
  }

  /// The paths of the next optimizer step.
  public func nextStep(using random: inout RandomStream) -> [Space.Architecture] {
    switch law {
    case .uniform: return [draw(using: &random)]
    case .fairNAS: return fairPaths(using: &random)
    }
  }

  func draw(using random: inout RandomStream) -> Space.Architecture {
    guard let candidates else { return space.sample(using: &random) }
    return candidates[random.int(below: candidates.count)]
  }

  func fairPaths(using random: inout RandomStream) -> [Space.Architecture] {
    let decisions = space.decisions
    let hasConnections = decisions.contains { $0.kind == .connection }
    // A space of operation decisions only needs no base draw: every path is fully permuted.
    var base = hasConnections ? space.choices(of: draw(using: &random)) : decisions.map { _ in 0 }
    let m = decisions.first { $0.kind == .operation }?.size ?? 1
    var permutations: [Int: [Int]] = [:]
    for (position, decision) in decisions.enumerated() where decision.kind == .operation {
      var options = Array(0..<m)
      random.shuffle(&options)
      permutations[position] = options
    }
    var paths: [Space.Architecture] = []
    for path in 0..<m {
      for (position, options) in permutations { base[position] = options[path] }
      // Validity depends on the connection decisions only, which the base draw made valid; a space where an
      // operation choice can invalidate a cell falls back to a fresh uniform draw.
      paths.append((try? space.architecture(choices: base)) ?? draw(using: &random))
    }
    return paths
  }
}

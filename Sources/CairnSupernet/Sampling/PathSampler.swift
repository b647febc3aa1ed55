import CairnCore
import CairnSpaces

/// Chooses the single paths (sub-networks) a super-net trains on, step after step.
///
/// Each call to `nextStep` returns the paths of one optimizer step: one path for single-path one-shot (SPOS)
/// training, m paths whose gradients are accumulated for FairNAS. All randomness comes from the stream passed
/// in (saved with checkpoints); a sampler's own state (a position in a list) is Codable.
public enum PathSampler: Codable, Hashable, Sendable {
  /// SPOS: one architecture drawn uniformly from all 15,625 cells.
  case uniform
  /// FairNAS strict fairness: every edge runs each of its m = 5 ops exactly once over the m paths of a step
  /// (an independent random permutation per edge); gradients are accumulated over the m paths, then one step.
  case fairNAS
  /// A fixed list of architectures, one per step, cycling (for debugging and ablations); `position` is the next.
  case fixed(architectures: [NB201Architecture], position: Int)

  /// The paths of the next optimizer step.
  public mutating func nextStep(using random: inout RandomStream) -> [NB201Architecture] {
    switch self {
    case .uniform:
      return [NB201Space().sample(using: &random)]
    case .fairNAS:
      let m = NB201Op.count
      var permutations: [[Int]] = []
      for _ in 0..<NB201Architecture.edgeCount {
        var ops = Array(0..<m)
        random.shuffle(&ops)
        permutations.append(ops)
      }
      return (0..<m).map { path in
        try! NB201Architecture(opIDs: permutations.map { $0[path] })
      }
    case .fixed(let architectures, let position):
      precondition(!architectures.isEmpty, "a fixed path list needs at least one architecture")
      self = .fixed(architectures: architectures, position: (position + 1) % architectures.count)
      return [architectures[position % architectures.count]]
    }
  }
}

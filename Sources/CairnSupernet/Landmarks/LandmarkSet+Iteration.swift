import CairnCore

/// The multi-iteration landmark pipeline (landmark spec §4, paper Fig. 2 right; not in the reference code).
///
/// After a round of training, the best architectures under the current super-net that are not landmarks yet are
/// looked up in the benchmark, added to the landmark set, and training continues from the current weights:
///
///     let picked = try landmarks.topUnseen(among: scored, count: 5)
///     landmarks = try landmarks.adding(picked.map { ($0, try truth($0)) })
///
/// or in one call, `addingTopUnseen(among:count:groundTruth:)`.
extension LandmarkSet {
  /// This set with the newcomers that are not landmarks yet appended, re-sorted ascending by ground truth.
  ///
  /// A newcomer already in the set, or given twice, is skipped (the first occurrence counts). Existing landmarks keep
  /// their relative order on ties and come before tied newcomers. Throws when a newcomer's ground truth is not
  /// finite.
  public func adding(_ newcomers: [Landmark<Architecture>]) throws(CairnError) -> LandmarkSet {
    var seen = Set(architectures)
    var merged = landmarks
    for newcomer in newcomers where seen.insert(newcomer.architecture).inserted {
      merged.append(newcomer)
    }
    return try LandmarkSet(merged, allowsDuplicates: allowsDuplicates)
  }

  /// This set with the unseen `(architecture, ground truth)` pairs appended and re-sorted; see `adding(_:)`.
  public func adding(_ newcomers: [(Architecture, Double)]) throws(CairnError) -> LandmarkSet {
    try adding(newcomers.map { Landmark(architecture: $0.0, groundTruth: $0.1) })
  }

  /// The `count` architectures with the highest super-net score that are not landmarks, best first.
  ///
  /// `scored` pairs each architecture with its super-net score, where higher is better (an accuracy; pass the
  /// negated loss for a loss). Ties keep the order of `scored`; an architecture listed twice counts once, at its
  /// first listing; NaN scores are skipped. Fewer than `count` are returned when too few remain. The reference
  /// code's search returns the top 5, hence the default (§4, §7). Throws when `count` < 1.
  public func topUnseen(among scored: [(Architecture, Double)], count: Int = 5)
    throws(CairnError) -> [Architecture]
  {
    guard count >= 1 else {
      throw .invalidInput(
        "the number of new landmarks per iteration must be at least 1, got \(count)")
    }
    var seen = Set(architectures)
    var candidates: [(offset: Int, architecture: Architecture, score: Double)] = []
    for (offset, entry) in scored.enumerated() where !entry.1.isNaN {
      if seen.insert(entry.0).inserted {
        candidates.append((offset, entry.0, entry.1))
      }
    }
    candidates.sort { $0.score != $1.score ? $0.score > $1.score : $0.offset < $1.offset }
    return candidates.prefix(count).map(\.architecture)
  }

  /// This set with the `count` best unseen architectures of `scored` added with their ground truth: one iteration
  /// of the pipeline (`topUnseen(among:count:)` then `adding(_:)`).
  public func addingTopUnseen(
    among scored: [(Architecture, Double)], count: Int = 5,
    groundTruth: (Architecture) throws(CairnError) -> Double
  ) throws(CairnError) -> LandmarkSet {
    var newcomers: [Landmark<Architecture>] = []
    for architecture in try topUnseen(among: scored, count: count) {
      newcomers.append(
        Landmark(architecture: architecture, groundTruth: try groundTruth(architecture)))
    }
    return try adding(newcomers)
  }
}

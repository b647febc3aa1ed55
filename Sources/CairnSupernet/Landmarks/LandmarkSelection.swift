import CairnCore
import CairnSpaces

/// How the landmark architectures are chosen (landmark spec §1 "Landmark sampling", §3).
///
/// Every method returns a `LandmarkSet` sorted ascending by ground truth. Ground truth comes from a closure, so
/// selection does not depend on where benchmark values are stored. The defaults reproduce the reference code; the
/// corrected forms are opt-in.
public enum LandmarkSelection: Hashable, Codable, Sendable, CustomStringConvertible {
  /// K distinct architectures drawn uniformly from the candidates, what every reference script ends up using.
  case random(count: Int)
  /// The reference's `fixed` method: with the N candidates sorted ascending by ground truth,
  /// step = N div K, start = N − (K−1)·step − 1, and the landmarks are the positions start, start + step, …,
  /// N − 1 (so the best candidate is always one). See `rankStratifiedPositions(populationSize:count:)`.
  case rankStratified(count: Int)
  /// Algorithm 1 with one root and K − 1 children at Hamming distance > d (`LandmarkHammingSampler`).
  case hamming(count: Int, distance: Int, variant: LandmarkHammingVariant = .faithful)
  /// Algorithm 1 with `roots` roots and 9 children each (10 × roots landmarks); the reference's
  /// `hamming-iteration`, not the multi-iteration pipeline of §4.
  case hammingIteration(roots: Int, distance: Int, variant: LandmarkHammingVariant = .faithful)

  /// The children per root of `hammingIteration`.
  public static let childrenPerIterationRoot = 9

  /// The number of landmarks asked for (the faithful Hamming variant may return fewer distinct ones).
  public var landmarkCount: Int {
    switch self {
    case .random(let count), .rankStratified(let count), .hamming(let count, _, _):
      return count
    case .hammingIteration(let roots, _, _):
      return roots * (Self.childrenPerIterationRoot + 1)
    }
  }

  /// Checks the parameters: K ≥ 2, roots ≥ 1, d ≥ 0; throws naming the value.
  public func validate() throws(CairnError) {
    switch self {
    case .random(let count), .rankStratified(let count), .hamming(let count, _, _):
      guard count >= 2 else {
        throw .invalidInput("landmark count K must be at least 2, got \(count)")
      }
    case .hammingIteration(let roots, _, _):
      guard roots >= 1 else {
        throw .invalidInput("landmark Hamming iteration roots must be at least 1, got \(roots)")
      }
    }
    switch self {
    case .hamming(_, let distance, _), .hammingIteration(_, let distance, _):
      guard distance >= 0 else {
        throw .invalidInput("landmark Hamming distance d must not be negative, got \(distance)")
      }
    default:
      break
    }
  }

  /// One line for reports, such as `hamming (K = 30, d = 2, faithful)`.
  public var description: String {
    switch self {
    case .random(let count):
      return "random (K = \(count))"
    case .rankStratified(let count):
      return "rank-stratified (K = \(count))"
    case .hamming(let count, let distance, let variant):
      return "hamming (K = \(count), d = \(distance), \(variant.rawValue))"
    case .hammingIteration(let roots, let distance, let variant):
      return
        "hamming-iteration (\(roots) roots, K = \(landmarkCount), d = \(distance), \(variant.rawValue))"
    }
  }

  /// The reference's `fixed` positions among N candidates sorted ascending by ground truth:
  /// step = N div K, start = N − (K−1)·step − 1, positions start, start + step, …, start + (K−1)·step = N − 1.
  ///
  /// For N = 100, K = 7: step 14, start 15, positions 15, 29, 43, 57, 71, 85, 99. Throws when K < 2 or K > N.
  public static func rankStratifiedPositions(populationSize n: Int, count k: Int)
    throws(CairnError) -> [Int]
  {
    guard k >= 2 else { throw .invalidInput("landmark count K must be at least 2, got \(k)") }
    guard k <= n else {
      throw .invalidInput("landmark count K = \(k) exceeds the \(n) candidate architectures")
    }
    let step = n / k
    let start = n - (k - 1) * step - 1
    return (0..<k).map { start + $0 * step }
  }

  /// Selects landmarks among explicit candidates (`random`, `rankStratified`).
  ///
  /// Candidates listed twice count once. Ties in ground truth keep the candidates' order. The Hamming methods walk a
  /// search space and throw here; use `select(in:excluding:groundTruth:using:)`.
  /// Throws `CairnError.invalidInput` when K exceeds the candidates or a parameter is invalid, and passes on the
  /// errors of `groundTruth`.
  public func select<Architecture: Hashable & Codable & Sendable>(
    from candidates: [Architecture],
    groundTruth: (Architecture) throws(CairnError) -> Double,
    using random: inout RandomStream
  ) throws(CairnError) -> LandmarkSet<Architecture> {
    try validate()
    var seen: Set<Architecture> = []
    let distinct = candidates.filter { seen.insert($0).inserted }
    guard landmarkCount <= distinct.count else {
      throw .invalidInput(
        "landmark count K = \(landmarkCount) exceeds the \(distinct.count) candidate architectures")
    }
    switch self {
    case .random(let count):
      let chosen = random.sample(count, from: distinct.count).sorted().map { distinct[$0] }
      return try LandmarkSet(architectures: chosen, groundTruth: groundTruth)
    case .rankStratified(let count):
      var population: [Landmark<Architecture>] = []
      population.reserveCapacity(distinct.count)
      for architecture in distinct {
        population.append(
          Landmark(architecture: architecture, groundTruth: try groundTruth(architecture)))
      }
      if let bad = population.first(where: { !$0.groundTruth.isFinite }) {
        throw .invalidInput(
          "candidate '\(bad.architecture)' has a non-finite ground truth (\(bad.groundTruth))")
      }
      let ranked = LandmarkSet<Architecture>.sortedByGroundTruth(population)
      let positions = try Self.rankStratifiedPositions(populationSize: ranked.count, count: count)
      return try LandmarkSet(positions.map { ranked[$0] })
    case .hamming, .hammingIteration:
      throw .invalidInput(
        "\(description) walks a search space by mutation; select in a search space, not from a list"
      )
    }
  }

  /// Selects landmarks in a finite search space.
  ///
  /// `random` and `rankStratified` choose among the space's valid architectures, minus `excluded`, in index order
  /// (so ground-truth ties break by index, as the reference ids do). The Hamming methods run
  /// `LandmarkHammingSampler`; the faithful variant drops the architecture with reference id 0 (the worst valid
  /// architecture of the space by ground truth, ties by index, which needs the ground truth of every valid
  /// architecture) and keeps duplicates (`LandmarkSet.allowsDuplicates`), and it cannot exclude architectures.
  /// Throws `CairnError.invalidInput` when K exceeds the architectures available or a parameter is invalid, and
  /// passes on the errors of `groundTruth`.
  public func select<Space: FiniteSearchSpace>(
    in space: Space, excluding excluded: Set<Space.Architecture> = [],
    groundTruth: (Space.Architecture) throws(CairnError) -> Double,
    using random: inout RandomStream
  ) throws(CairnError) -> LandmarkSet<Space.Architecture> {
    try validate()
    let valid = try space.allArchitectures().filter { space.isValid($0) }
    let available = valid.filter { !excluded.contains($0) }
    guard landmarkCount <= available.count else {
      throw .invalidInput(
        "landmark count K = \(landmarkCount) exceeds the \(available.count) architectures available "
          + "in \(space.name)")
    }
    let (roots, children, distance, variant): (Int, Int, Int, LandmarkHammingVariant)
    switch self {
    case .random, .rankStratified:
      return try select(from: available, groundTruth: groundTruth, using: &random)
    case .hamming(let count, let d, let v):
      (roots, children, distance, variant) = (1, count - 1, d, v)
    case .hammingIteration(let r, let d, let v):
      (roots, children, distance, variant) = (r, Self.childrenPerIterationRoot, d, v)
    }
    var idZero: Space.Architecture?
    if variant == .faithful {
      guard excluded.isEmpty else {
        throw .invalidInput(
          "the faithful Hamming landmark selection cannot exclude architectures (the reference code "
            + "does not); use the corrected variant")
      }
      idZero = try Self.worst(of: valid, groundTruth: groundTruth)
    }
    let sampler = try LandmarkHammingSampler(space: space, distance: distance, variant: variant)
    let drawn = try sampler.sample(
      roots: roots, childrenPerRoot: children, excluding: excluded, idZero: idZero, using: &random)
    var indexed: [(index: Int, architecture: Space.Architecture)] = []
    for architecture in drawn { indexed.append((try space.index(of: architecture), architecture)) }
    indexed.sort { $0.index < $1.index }
    return try LandmarkSet(
      architectures: indexed.map(\.architecture), allowsDuplicates: variant == .faithful,
      groundTruth: groundTruth)
  }

  /// The first architecture with the lowest ground truth: the reference's id 0.
  static func worst<Architecture>(
    of architectures: [Architecture], groundTruth: (Architecture) throws(CairnError) -> Double
  ) throws(CairnError) -> Architecture? {
    var best: (architecture: Architecture, truth: Double)?
    for architecture in architectures {
      let truth = try groundTruth(architecture)
      if best == nil || truth < best!.truth { best = (architecture, truth) }
    }
    return best?.architecture
  }
}

import CairnCore

/// The set of architectures a ranking is evaluated on, with the definition that produced it.
///
/// Members are indices into a population of `populationSize` architectures (0..<M), listed ascending, never
/// one of the excluded indices (for example the landmark architectures the super-net was trained to rank).
/// Three kinds:
/// - `random`: `requestedSize` indices drawn uniformly without replacement from the non-excluded ones;
/// - `stratified`: the non-excluded architectures sorted by ground truth (ascending, ties by index) are cut
///   into `requestedSize` strata of equal frequency — stratum s holds positions ⌊s·C/N⌋ ..< ⌊(s+1)·C/N⌋
///   of the C candidates — and one architecture is drawn uniformly from each, so the pool spans the whole
///   accuracy range (exclusions are removed before the cut, so every stratum is non-empty);
/// - `all`: every non-excluded architecture.
///
/// Draws come from a `RandomStream` seeded with `seed` and named after the kind, so a pool is reproduced
/// from its recorded definition. Codable, to be written out beside the results computed on it.
public struct EvaluationPool: Sendable, Hashable, Codable {
  /// How the members were chosen.
  public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
    case random
    case stratified
    case all
  }

  /// How the members were chosen.
  public var kind: Kind
  /// M, the population the indices refer to.
  public var populationSize: Int
  /// N, the size asked for (nil for `all`).
  public var requestedSize: Int?
  /// The seed of the draws (nil for `all`).
  public var seed: UInt64?
  /// How many distinct population indices were excluded.
  public var excludedCount: Int
  /// The member indices, ascending.
  public var members: [Int]

  /// The number of members.
  public var count: Int { members.count }

  /// `size` architectures drawn uniformly without replacement from 0..<`populationSize` minus `excluded`.
  public static func random(
    size: Int, populationSize: Int, excluding excluded: some Sequence<Int> = [Int](), seed: UInt64
  ) throws(CairnError) -> EvaluationPool {
    let (candidates, excludedCount) = try Self.candidates(
      populationSize: populationSize, excluding: excluded)
    try Self.checkSize(size, available: candidates.count)
    var random = RandomStream(seed: seed, name: "evaluation pool random")
    let members = random.sample(size, from: candidates.count).map { candidates[$0] }.sorted()
    return EvaluationPool(
      kind: .random, populationSize: populationSize, requestedSize: size, seed: seed,
      excludedCount: excludedCount, members: members)
  }

  /// One architecture from each of `size` equal-frequency ground-truth strata of the population (whose
  /// ground truth is `truth`, one value per architecture) minus `excluded`.
  public static func stratified(
    size: Int, truth: [Double], excluding excluded: some Sequence<Int> = [Int](), seed: UInt64
  ) throws(CairnError) -> EvaluationPool {
    guard truth.allSatisfy(\.isFinite) else {
      throw CairnError.invalidInput("stratified pool: ground truth has a non-finite value")
    }
    let (candidates, excludedCount) = try Self.candidates(
      populationSize: truth.count, excluding: excluded)
    try Self.checkSize(size, available: candidates.count)
    let sortedCandidates = candidates.sorted {
      truth[$0] < truth[$1] || (truth[$0] == truth[$1] && $0 < $1)
    }
    var random = RandomStream(seed: seed, name: "evaluation pool stratified")
    let c = sortedCandidates.count
    var members: [Int] = []
    members.reserveCapacity(size)
    for stratum in 0..<size {
      let start = stratum * c / size
      let end = (stratum + 1) * c / size
      members.append(sortedCandidates[start + random.int(below: end - start)])
    }
    return EvaluationPool(
      kind: .stratified, populationSize: truth.count, requestedSize: size, seed: seed,
      excludedCount: excludedCount, members: members.sorted())
  }

  /// Every architecture of 0..<`populationSize` except `excluded`.
  public static func all(populationSize: Int, excluding excluded: some Sequence<Int> = [Int]())
    throws(CairnError) -> EvaluationPool
  {
    let (candidates, excludedCount) = try Self.candidates(
      populationSize: populationSize, excluding: excluded)
    return EvaluationPool(
      kind: .all, populationSize: populationSize, requestedSize: nil, seed: nil,
      excludedCount: excludedCount, members: candidates)
  }

  /// `values` restricted to the members, in member order (values holds one entry per population index).
  public func select<T>(_ values: [T]) -> [T] {
    precondition(
      values.count == populationSize, "expected \(populationSize) values, got \(values.count)")
    return members.map { values[$0] }
  }

  /// The non-excluded indices, ascending, and the number of distinct excluded ones.
  private static func candidates(populationSize: Int, excluding excluded: some Sequence<Int>)
    throws(CairnError) -> (candidates: [Int], excludedCount: Int)
  {
    guard populationSize >= 0 else {
      throw CairnError.invalidInput("population size must not be negative")
    }
    var isExcluded = [Bool](repeating: false, count: populationSize)
    var excludedCount = 0
    for index in excluded {
      guard (0..<populationSize).contains(index) else {
        throw CairnError.invalidInput(
          "excluded index \(index) is outside the population 0..<\(populationSize)")
      }
      if !isExcluded[index] {
        isExcluded[index] = true
        excludedCount += 1
      }
    }
    return ((0..<populationSize).filter { !isExcluded[$0] }, excludedCount)
  }

  private static func checkSize(_ size: Int, available: Int) throws(CairnError) {
    guard size >= 1 else {
      throw CairnError.invalidInput("pool size must be positive, got \(size)")
    }
    guard size <= available else {
      throw CairnError.invalidInput(
        "pool of \(size) asked for, only \(available) architectures available")
    }
  }
}

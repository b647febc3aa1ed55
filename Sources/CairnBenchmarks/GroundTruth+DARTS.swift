import CairnCore
import CairnSpaces

extension GroundTruth {
  /// Whether `genotype`, or a genotype with the same identity (each node's edges in either order), has a value
  /// (false for another space). DARTS ground truth comes from a results store only.
  public func contains(_ genotype: DARTSGenotype) -> Bool { lookup(genotype) != nil }

  /// The value of a DARTS genotype, found by `DARTSSpace.identity(of:)`; throws naming the genotype and the
  /// source when it has none.
  public func value(for genotype: DARTSGenotype) throws(CairnError) -> Double {
    try checkSpace(.darts, genotype.description)
    guard let value = lookup(genotype) else {
      throw .invalidInput("DARTS genotype '\(genotype)' has no value in \(self)")
    }
    return value
  }

  private func lookup(_ genotype: DARTSGenotype) -> Double? {
    storedValue(forKey: Self.key(genotype), in: .darts)
  }

  /// The key of a DARTS genotype in a store-backed truth: its identity in the DARTS space.
  static func key(_ genotype: DARTSGenotype) -> String { DARTSSpace().identity(of: genotype) }
}

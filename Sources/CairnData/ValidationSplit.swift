import CairnCore

/// A seeded, class-balanced split of a training set into a training part and a held-out validation part.
///
/// Within each class, the images are shuffled with a stream derived from the seed and the first
/// ⌊n_c · fraction⌋ (rounded to nearest) go to validation. NAS-Bench-201's protocol holds out half (fraction 0.5).
public struct ValidationSplit: Sendable, Equatable {
  /// Indices into the training set, ascending.
  public let train: [Int]
  /// Indices held out for validation, ascending.
  public let validation: [Int]

  public init(labels: [Int32], classCount: Int, fraction: Double, seed: UInt64) throws(CairnError) {
    guard fraction > 0 && fraction < 1 else {
      throw .invalidInput("validation fraction \(fraction) must be strictly between 0 and 1")
    }
    var byClass = [[Int]](repeating: [], count: classCount)
    for (index, label) in labels.enumerated() { byClass[Int(label)].append(index) }
    var random = RandomStream(seed: seed, name: "validation split")
    var train: [Int] = []
    var validation: [Int] = []
    for var members in byClass {
      random.shuffle(&members)
      let held = Int((Double(members.count) * fraction).rounded())
      validation += members.prefix(held)
      train += members.dropFirst(held)
    }
    self.train = train.sorted()
    self.validation = validation.sorted()
  }
}

import CairnCore

/// A seeded, class-balanced split of a training set into a training part and a held-out validation part.
///
/// NAS-Bench-201's protocol holds out half of the training set (fraction 0.5); any fraction in (0, 1) works.
/// Rounding: the validation part has round(N · fraction) images in total (halves round up), and class c with
/// n_c images contributes ⌊n_c · fraction⌋ or one more — the extra images go to the classes with the largest
/// fractional parts n_c · fraction − ⌊n_c · fraction⌋, ties to the lower label. So every class is split as evenly
/// as the fraction allows and the total is as close to N · fraction as possible.
/// Which images of a class are held out is a shuffle of the class's indices with the stream
/// `RandomStream(seed:, name: "cairn.data.validation-split")`, classes in label order: a pure function of
/// (labels, fraction, seed). O(N) time.
public struct ValidationSplit: Sendable, Equatable {
  /// Indices into the training set kept for training, ascending.
  public let train: [Int]
  /// Indices held out for validation, ascending.
  public let validation: [Int]

  /// Splits the images with the given labels (each in 0..<classCount).
  public init(labels: [Int32], classCount: Int, fraction: Double, seed: UInt64) throws(CairnError) {
    guard fraction > 0 && fraction < 1 else {
      throw .invalidInput("validation fraction \(fraction) must be strictly between 0 and 1")
    }
    guard classCount > 0 else {
      throw .invalidInput("class count must be positive, got \(classCount)")
    }
    var byClass = [[Int]](repeating: [], count: classCount)
    for (index, label) in labels.enumerated() {
      guard label >= 0 && Int(label) < classCount else {
        throw .invalidInput("label \(label) of image \(index) is outside 0..<\(classCount)")
      }
      byClass[Int(label)].append(index)
    }
    let held = Self.heldOutCounts(classSizes: byClass.map(\.count), fraction: fraction)
    var random = RandomStream(seed: seed, name: "cairn.data.validation-split")
    var train: [Int] = []
    var validation: [Int] = []
    train.reserveCapacity(labels.count)
    validation.reserveCapacity(held.reduce(0, +))
    for (members, count) in zip(byClass, held) {
      var shuffled = members
      random.shuffle(&shuffled)
      validation += shuffled.prefix(count)
      train += shuffled.dropFirst(count)
    }
    self.train = train.sorted()
    self.validation = validation.sorted()
  }

  /// Images to hold out per class: ⌊n_c·f⌋, plus one for the classes with the largest remainders until the
  /// total is round(N·f).
  static func heldOutCounts(classSizes: [Int], fraction: Double) -> [Int] {
    let total = classSizes.reduce(0, +)
    let target = Int((Double(total) * fraction).rounded(.toNearestOrAwayFromZero))
    var counts = classSizes.map { Int((Double($0) * fraction).rounded(.down)) }
    let remainders = classSizes.indices.map {
      Double(classSizes[$0]) * fraction - Double(counts[$0])
    }
    let order = classSizes.indices.sorted {
      remainders[$0] > remainders[$1] || (remainders[$0] == remainders[$1] && $0 < $1)
    }
    var missing = target - counts.reduce(0, +)
    for c in order where missing > 0 && counts[c] < classSizes[c] {
      counts[c] += 1
      missing -= 1
    }
    return counts
  }
}

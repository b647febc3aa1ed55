import CairnCore
import Testing

@testable import CairnData

@Suite struct ValidationSplitTests {
  /// Labels with class sizes 7, 10, 5 and 1, interleaved.
  let labels: [Int32] = [0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 3, 0, 1, 1, 1, 1]

  func perClass(_ indices: [Int], classCount: Int = 4) -> [Int] {
    var counts = [Int](repeating: 0, count: classCount)
    for index in indices { counts[Int(labels[index])] += 1 }
    return counts
  }

  @Test func halfSplitIsBalancedAndRoundsByLargestRemainder() throws {
    let split = try ValidationSplit(labels: labels, classCount: 4, fraction: 0.5, seed: 1)
    // 23 images → 12 held out: ⌊3.5⌋ + ⌊5⌋ + ⌊2.5⌋ + ⌊0.5⌋ = 10, the two extras go to classes 0 and 2.
    #expect(perClass(split.validation) == [4, 5, 3, 0])
    #expect(perClass(split.train) == [3, 5, 2, 1])
    #expect(Set(split.train).isDisjoint(with: split.validation))
    #expect((split.train + split.validation).sorted() == Array(labels.indices))
    #expect(split.train == split.train.sorted() && split.validation == split.validation.sorted())
  }

  @Test func deterministicForASeed() throws {
    let big = (0..<2_000).map { Int32($0 % 10) }
    let a = try ValidationSplit(labels: big, classCount: 10, fraction: 0.5, seed: 7)
    let b = try ValidationSplit(labels: big, classCount: 10, fraction: 0.5, seed: 7)
    let c = try ValidationSplit(labels: big, classCount: 10, fraction: 0.5, seed: 8)
    #expect(a == b)
    #expect(a != c)
    let tenth = try ValidationSplit(labels: big, classCount: 10, fraction: 0.1, seed: 7)
    var counts = [Int](repeating: 0, count: 10)
    for index in tenth.validation { counts[Int(big[index])] += 1 }
    #expect(counts == [Int](repeating: 20, count: 10))
  }

  @Test func invalidArgumentsAreRejected() {
    for fraction in [0, 1, -0.5, 1.5, .nan] {
      expectError("validation fraction") {
        _ = try ValidationSplit(labels: labels, classCount: 4, fraction: fraction, seed: 0)
      }
    }
    expectError("label 3 of image 17 is outside 0..<3") {
      _ = try ValidationSplit(labels: labels, classCount: 3, fraction: 0.5, seed: 0)
    }
  }
}

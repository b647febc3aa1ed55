import CairnCore
import CairnEngine
import Foundation
import Testing

@testable import CairnSupernet

/// The tri-level method's quadruple relative similarity loss: quadruples are well formed, features that order
/// similarities as the main model does score lower than features that order them backwards, and gradient steps on
/// the auxiliary features raise their agreement with the main model.
@Suite struct QuadrupleRelativeSimilarityTests {
  func features(_ seed: UInt64, rows: Int = 8, columns: Int = 5) -> Tensor {
    var random = RandomStream(seed: seed)
    return Tensor(
      shape: [rows, columns], values: (0..<(rows * columns)).map { _ in Float(random.normal()) },
      requiresGrad: true)
  }

  @Test func quadruplesAreDistinctPairs() {
    var random = RandomStream(seed: 1)
    let drawn = QuadrupleRelativeSimilarity.draw(500, batch: 6, random: &random)
    #expect(drawn.count == 500)
    #expect(drawn.allSatisfy { i, j, k, l in i != j && k != l && Set([i, j]) != Set([k, l]) })
    #expect(drawn.allSatisfy { [$0.0, $0.1, $0.2, $0.3].allSatisfy { (0..<6).contains($0) } })
    #expect(QuadrupleRelativeSimilarity.draw(5, batch: 2, random: &random).isEmpty)
  }

  /// Agreement: the fraction of quadruples ordered as the main model orders them.
  func agreement(_ auxiliary: Tensor, _ main: Tensor) -> Double {
    let a = auxiliary.rowCosineSimilarities().toArray()
    let m = main.rowCosineSimilarities().toArray()
    let n = main.shape[0]
    var random = RandomStream(seed: 99)
    let quadruples = QuadrupleRelativeSimilarity.draw(400, batch: n, random: &random)
    let agreeing = quadruples.filter { i, j, k, l in
      (a[i * n + j] - a[k * n + l]) * (m[i * n + j] - m[k * n + l]) > 0
    }
    return Double(agreeing.count) / Double(quadruples.count)
  }

  @Test(arguments: [QuadrupleRelativeSimilarity.Form.logistic, .hinge, .soft])
  func descentOnTheLossAlignsTheAuxiliaryModel(form: QuadrupleRelativeSimilarity.Form) {
    let qrs = QuadrupleRelativeSimilarity(quadruples: 128, form: form, temperature: 0.1)
    let main = features(2)
    var random = RandomStream(seed: 3)
    let matching = qrs.loss(auxiliary: main, main: main, random: &random).item
    var again = RandomStream(seed: 3)
    let auxiliary = features(4, columns: 3)
    let unrelated = qrs.loss(auxiliary: auxiliary, main: main, random: &again).item
    #expect(matching < unrelated, "matching \(matching), unrelated \(unrelated)")

    let before = agreement(auxiliary, main)
    var draws = RandomStream(seed: 5)
    for _ in 0..<60 {
      auxiliary.grad = nil
      qrs.loss(auxiliary: auxiliary, main: main, random: &draws).backward()
      let gradient = auxiliary.grad!.toArray()
      auxiliary.withMutableValues { values in
        for i in 0..<values.count { values[i] -= 0.5 * gradient[i] }
      }
    }
    let after = agreement(auxiliary, main)
    #expect(after > before + 0.1, "agreement \(before) → \(after)")
  }

  /// Only the soft form sends a gradient to the main model's features.
  @Test func onlyTheSoftFormReachesTheMainModel() {
    for form in [QuadrupleRelativeSimilarity.Form.logistic, .soft] {
      let main = features(6)
      let auxiliary = features(7, columns: 3)
      var random = RandomStream(seed: 8)
      QuadrupleRelativeSimilarity(quadruples: 64, form: form).loss(
        auxiliary: auxiliary, main: main, random: &random
      ).backward()
      let reached = main.grad?.toArray().contains { $0 != 0 } ?? false
      #expect(reached == (form == .soft), "\(form)")
      #expect(auxiliary.grad?.toArray().contains { $0 != 0 } == true)
    }
  }
}

import Testing

@testable import CairnRanking

/// Agreement with SciPy on the fixture cases, to 1e-12.
@Suite struct ReferenceTests {
  static let tolerance = 1e-12

  @Test func fixtureHoldsEveryKindOfCase() throws {
    let reference = try ReferenceCases.load()
    #expect(reference.cases.count >= 15)
    #expect(reference.cases.contains { $0.x.count == 2 })
    #expect(reference.cases.contains { $0.x.count >= 2000 })
    #expect(reference.cases.contains { $0.kendallTauB == nil })
  }

  @Test func kendallTauBMatchesSciPy() throws {
    for testCase in try ReferenceCases.load().cases {
      let tau = kendallTauB(testCase.x, testCase.y)
      #expect(distance(tau, testCase.kendallTauB) <= Self.tolerance, "\(testCase)")
    }
  }

  @Test func spearmanRhoMatchesSciPy() throws {
    for testCase in try ReferenceCases.load().cases {
      let rho = spearmanRho(testCase.x, testCase.y)
      #expect(distance(rho, testCase.spearmanRho) <= Self.tolerance, "\(testCase)")
    }
  }

  @Test func pearsonRMatchesSciPy() throws {
    for testCase in try ReferenceCases.load().cases {
      let r = pearsonR(testCase.x, testCase.y)
      #expect(distance(r, testCase.pearsonR) <= Self.tolerance, "\(testCase)")
    }
  }

  @Test func correlationsAreSymmetric() throws {
    for testCase in try ReferenceCases.load().cases {
      #expect(
        distance(kendallTauB(testCase.x, testCase.y), kendallTauB(testCase.y, testCase.x)) <= 1e-15)
      #expect(
        distance(spearmanRho(testCase.x, testCase.y), spearmanRho(testCase.y, testCase.x)) <= 1e-15)
    }
  }

  @Test func sparseKendallTausMatchTheNumPyComputation() throws {
    let cases = try ReferenceCases.load().cases.filter { $0.sparse != nil }
    #expect(cases.count == 2)
    for testCase in cases {
      for expected in testCase.sparse! {
        let definition = SparseKendallTau(
          variant: SparseKendallTau.Variant(rawValue: expected.variant)!,
          threshold: expected.threshold)
        let result = definition.evaluate(scores: testCase.x, truth: testCase.y)
        #expect(
          distance(result.value, expected.value) <= Self.tolerance, "\(testCase) \(definition.name)"
        )
      }
    }
  }
}

import CairnCore
import CairnEngine
import Foundation
import Testing

#if canImport(CairnSupernet)
  @testable import CairnSupernet
#else
  @testable import CairnLandmarks
#endif

@Suite struct LandmarkLossFunctionTests {
  /// φ(better − worse) on two leaf scalars, with the gradients reaching each.
  func differentiate(_ phi: LandmarkLossFunction, better: Float, worse: Float) -> (
    value: Float, better: Float, worse: Float
  ) {
    let b = Tensor(scalar: better, requiresGrad: true)
    let w = Tensor(scalar: worse, requiresGrad: true)
    let loss = phi.loss(better: b, worse: w)
    loss.backward()
    return (loss.item, b.grad?.item ?? 0, w.grad?.item ?? 0)
  }

  @Test func valuesFollowTheFormulas() {
    let hinge = LandmarkLossFunction.standard
    #expect(hinge == .hinge(margin: 0))
    #expect(hinge.value(difference: 0.3) == 0.3)
    #expect(hinge.value(difference: -0.2) == 0)
    #expect(hinge.value(better: 2.5, worse: 2) == 0.5)
    #expect(abs(LandmarkLossFunction.hinge(margin: 1).value(difference: -0.2) - 0.8) < 1e-15)
    #expect(LandmarkLossFunction.hinge(margin: 1).value(difference: -1.5) == 0)

    let softplus = LandmarkLossFunction.softplus(beta: 5)
    for x in [-2.0, -0.1, 0, 0.1, 3] {
      #expect(abs(softplus.value(difference: x) - log(1 + exp(5 * x)) / 5) < 1e-14)
      let logistic = LandmarkLossFunction.logistic.value(difference: x)
      let sigma = 1 / (1 + exp(-x))
      #expect(abs(logistic - log(1 + exp(x))) < 1e-14)
      #expect(abs(logistic + log(1 - sigma)) < 1e-12)  // −log(1 − σ(x)), the reference's form
    }
    // No overflow for large differences; the smooth forms approach the hinge.
    #expect(LandmarkLossFunction.logistic.value(difference: 1000) == 1000)
    #expect(LandmarkLossFunction.logistic.value(difference: -1000) == 0)
    #expect(abs(LandmarkLossFunction.softplus(beta: 1000).value(difference: 0.5) - 0.5) < 1e-12)
  }

  @Test func derivativesAreTheHingeStepAndTheSigmoid() {
    #expect(LandmarkLossFunction.standard.derivative(difference: 0.1) == 1)
    #expect(LandmarkLossFunction.standard.derivative(difference: 0) == 0)
    #expect(LandmarkLossFunction.standard.derivative(difference: -0.1) == 0)
    #expect(LandmarkLossFunction.hinge(margin: 1).derivative(difference: -0.5) == 1)
    #expect(LandmarkLossFunction.logistic.derivative(difference: 0) == 0.5)
    #expect(
      abs(LandmarkLossFunction.softplus(beta: 5).derivative(difference: 0.2) - 1 / (1 + exp(-1.0)))
        < 1e-15)
    #expect(LandmarkLossFunction.logistic.derivative(difference: -1000) == 0)
  }

  @Test func hingeGradientPushesTheBetterLossDownWhenMisordered() {
    // The better landmark has the higher loss: penalised, +1 on L(better), −1 on L(worse).
    let wrong = differentiate(.standard, better: 2.0, worse: 1.5)
    #expect(wrong.value == 0.5)
    #expect(wrong.better > 0 && wrong.worse < 0)
    #expect(wrong.better == 1 && wrong.worse == -1)
    // Correctly ordered: no loss, no gradient.
    let right = differentiate(.standard, better: 1.0, worse: 2.0)
    #expect(right.value == 0 && right.better == 0 && right.worse == 0)
    // A margin penalises orderings that are right by less than the margin.
    let close = differentiate(.hinge(margin: 1), better: 1.0, worse: 1.5)
    #expect(close.value == 0.5 && close.better == 1 && close.worse == -1)
  }

  @Test func smoothLossGradientsAreTheSigmoidOnBothLosses() {
    let cases: [(LandmarkLossFunction, Double)] = [(.softplus(beta: 5), 5), (.logistic, 1)]
    for (phi, beta) in cases {
      for (better, worse) in [(2.0, 1.5), (1.0, 1.2), (0.7, 0.7)] {
        let result = differentiate(phi, better: Float(better), worse: Float(worse))
        let x = better - worse
        let sigma = 1 / (1 + exp(-beta * x))
        #expect(abs(Double(result.value) - phi.value(difference: x)) < 1e-5)
        #expect(abs(Double(result.better) - sigma) < 1e-5)
        #expect(abs(Double(result.worse) + sigma) < 1e-5)
        #expect(result.better > 0 && result.worse < 0)
      }
    }
  }

  @Test func tensorAndDoubleFormsAgree() {
    let functions: [LandmarkLossFunction] = [
      .standard, .hinge(margin: 0.5), .softplus(beta: 3), .softplus(beta: 7), .logistic,
    ]
    for phi in functions {
      for (better, worse) in [(3.0, 1.0), (1.0, 3.0), (0.25, 0.5), (2.0, 2.0)] {
        let value = phi.loss(
          better: Tensor(scalar: Float(better)), worse: Tensor(scalar: Float(worse))
        )
        .item
        #expect(abs(Double(value) - phi.value(better: better, worse: worse)) < 1e-5, "\(phi)")
      }
    }
  }

  @Test func referenceNamesAndDescriptions() throws {
    let names: [(String, LandmarkLossFunction)] = [
      ("mae_relu", .hinge(margin: 0)), ("mae_softplus", .softplus(beta: 1)),
      ("mae_softplus_beta5", .softplus(beta: 5)), ("mae_softplus_beta3", .softplus(beta: 3)),
      ("crossentropy", .logistic),
    ]
    for (name, phi) in names {
      #expect(try LandmarkLossFunction(referenceName: name) == phi)
      #expect(phi.description == name)
    }
    #expect(LandmarkLossFunction.hinge(margin: 1).description == "hinge(margin 1.0)")
    #expect(LandmarkLossFunction.softplus(beta: 2.5).description == "mae_softplus_beta2.5")
    let unknown = #expect(throws: CairnError.self) {
      try LandmarkLossFunction(referenceName: "focal_loss")
    }
    #expect(landmarkErrorMessage(unknown)?.contains("'focal_loss'") == true)
    #expect(throws: CairnError.self) {
      try LandmarkLossFunction(referenceName: "mae_softplus_beta-2")
    }
  }

  @Test func validationAndCodable() throws {
    #expect(throws: CairnError.self) { try LandmarkLossFunction.softplus(beta: 0).validate() }
    #expect(throws: CairnError.self) {
      try LandmarkLossFunction.softplus(beta: .infinity).validate()
    }
    #expect(throws: CairnError.self) { try LandmarkLossFunction.hinge(margin: .nan).validate() }
    try LandmarkLossFunction.hinge(margin: -0.5).validate()
    for phi: LandmarkLossFunction in [.standard, .hinge(margin: 1), .softplus(beta: 5), .logistic] {
      #expect(try landmarkRoundTrip(phi) == phi)
    }
  }
}

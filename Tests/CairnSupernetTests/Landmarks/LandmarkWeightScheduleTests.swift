import CairnCore
import Foundation
import Testing

#if canImport(CairnSupernet)
  @testable import CairnSupernet
#else
  @testable import CairnLandmarks
#endif

@Suite struct LandmarkWeightScheduleTests {
  func schedule(
    _ kind: LandmarkWeightSchedule.Kind, e: Int = 100, w: Int = 20, wl: Int = 10,
    warmup: LandmarkWarmupForm = .codeFaithful
  ) throws -> LandmarkWeightSchedule {
    try LandmarkWeightSchedule(
      kind, initialWeight: 10, totalEpochs: e, supernetWarmupEpochs: w, landmarkWarmupEpochs: wl,
      warmupForm: warmup)
  }

  @Test func cosineIncreaseAsCodedNeverReachesTheInitialWeight() throws {
    // (E, W, factor at the last epoch): ½(1 − cos(π(E − W)/E)), the note's 0.69, 0.85 and 0.15.
    let cases: [(Int, Int, Double)] = [
      (400, 150, 0.691_341_716_182_545), (400, 100, 0.853_553_390_593_273_7),
      (200, 150, 0.146_446_609_406_726_16),
    ]
    for (e, w, last) in cases {
      let s = try LandmarkWeightSchedule(totalEpochs: e, supernetWarmupEpochs: w)
      #expect(abs(s.factor(atEpoch: e - 1) - last) < 1e-12)
      #expect(abs(s.weight(atEpoch: e - 1) - 10 * last) < 1e-11)
      #expect(s.factor(atEpoch: w - 1) == 0)
      #expect(!s.isActive(atEpoch: w - 1) && s.isActive(atEpoch: w))
      // The first landmark epoch: ½(1 − cos(π/E)).
      #expect(abs(s.factor(atEpoch: w) - 0.5 * (1 - cos(Double.pi / Double(e)))) < 1e-15)
      #expect(s.peak.epoch == e - 1)
    }
    let s = try LandmarkWeightSchedule(totalEpochs: 400, supernetWarmupEpochs: 150)
    #expect(abs(s.factor(atEpoch: 399) - 0.6913) < 1e-3)
    #expect(abs(s.factor(atEpoch: 150) - 1.542_117_760_516_825_7e-5) < 1e-15)
    #expect(abs(s.factor(atEpoch: 160) - 0.001_864_811_753_529_371_8) < 1e-12)
    let w100 = try LandmarkWeightSchedule(totalEpochs: 400, supernetWarmupEpochs: 100)
    #expect(abs(w100.factor(atEpoch: 399) - 0.85) < 4e-3)
    let short = try LandmarkWeightSchedule(totalEpochs: 200, supernetWarmupEpochs: 150)
    #expect(abs(short.factor(atEpoch: 199) - 0.15) < 4e-3)
  }

  @Test func cosineIncreasePaperFormRisesFromZeroToOne() throws {
    let s = try LandmarkWeightSchedule(
      .cosineIncrease(form: .paperExact), totalEpochs: 400, supernetWarmupEpochs: 150)
    #expect(s.factor(atEpoch: 149) == 0)
    #expect(s.factor(atEpoch: 150) == 0)
    #expect(abs(s.factor(atEpoch: 275) - 0.5) < 1e-15)
    #expect(abs(s.factor(atEpoch: 399) - 0.999_960_522_101_908_1) < 1e-12)
    #expect(abs(s.factor(atEpoch: 400) - 1) < 1e-15)
  }

  @Test func increaseKindsIgnoreTheLandmarkWarmup() throws {
    let withWarmup = try LandmarkWeightSchedule(
      totalEpochs: 400, supernetWarmupEpochs: 150, landmarkWarmupEpochs: 10)
    let without = try LandmarkWeightSchedule(totalEpochs: 400, supernetWarmupEpochs: 150)
    #expect(withWarmup.effectiveLandmarkWarmupEpochs == 0)
    for epoch in [0, 150, 151, 155, 300, 399] {
      #expect(withWarmup.factor(atEpoch: epoch) == without.factor(atEpoch: epoch))
    }
    #expect(try schedule(.linearStepIncrease).effectiveLandmarkWarmupEpochs == 0)
    #expect(try schedule(.linearStepDecrease).effectiveLandmarkWarmupEpochs == 10)
  }

  @Test func linearWarmupHasTheCodeQuirkAndTheIntendedForm() throws {
    // E = 100, W = 20, Wl = 10: warm-up on e = 20...29 (e′ = 0...9).
    let coded = try schedule(.constant)
    let intended = try schedule(.constant, warmup: .intended)
    #expect(coded.factor(atEpoch: 19) == 0 && intended.factor(atEpoch: 19) == 0)
    #expect(coded.factor(atEpoch: 20) == 2.0 / 11)
    #expect(intended.factor(atEpoch: 20) == 1.0 / 11)
    #expect(coded.factor(atEpoch: 25) == 7.0 / 11)
    #expect(intended.factor(atEpoch: 25) == 6.0 / 11)
    #expect(coded.factor(atEpoch: 29) == 1)
    #expect(intended.factor(atEpoch: 29) == 10.0 / 11)
    #expect(coded.factor(atEpoch: 30) == 1 && intended.factor(atEpoch: 30) == 1)
    #expect(abs(coded.weight(atEpoch: 20) - 20.0 / 11) < 1e-14)
    #expect(coded.factor(atEpoch: 99) == 1)
  }

  @Test func linearStepDecreaseUsesTheReferenceQuarters() throws {
    // T = 100 − 10 − 20 = 70: T // 4 = 17, T // 2 = 35, T // 4 * 3 = 51 (not 3T // 4 = 52); u = e − 30.
    let s = try schedule(.linearStepDecrease)
    #expect(s.scheduledEpochs == 70)
    let expected: [(Int, Double)] = [
      (30, 1), (46, 1), (47, 0.1), (64, 0.1), (65, 0.01), (80, 0.01), (81, 0.001), (99, 0.001),
      (150, 0.001),
    ]
    for (epoch, factor) in expected {
      #expect(s.factor(atEpoch: epoch) == factor, "epoch \(epoch)")
    }
  }

  @Test func linearStepIncreaseUsesTheReferenceQuarters() throws {
    // Wl is forced to 0, so T = 80: quarters at 20, 40, 60; u = e − 20.
    let s = try schedule(.linearStepIncrease)
    #expect(s.scheduledEpochs == 80)
    let expected: [(Int, Double)] = [
      (19, 0), (20, 0), (39, 0), (40, 0.01), (59, 0.01), (60, 0.1), (79, 0.1), (80, 1), (99, 1),
    ]
    for (epoch, factor) in expected {
      #expect(s.factor(atEpoch: epoch) == factor, "epoch \(epoch)")
    }
  }

  @Test func cosineDecreaseFallsToZeroAtTheLastEpoch() throws {
    // T = 70, factor = ½(1 + cos(π(u + 1)/70)), u = e − 30.
    let s = try schedule(.cosineDecrease)
    #expect(s.factor(atEpoch: 29) == 1)  // last warm-up epoch (code form)
    #expect(abs(s.factor(atEpoch: 30) - 0.999_496_533_270_657_4) < 1e-14)
    #expect(abs(s.factor(atEpoch: 31) - 0.997_987_146_997_619_6) < 1e-14)
    #expect(abs(s.factor(atEpoch: 64) - 0.5) < 1e-14)
    #expect(abs(s.factor(atEpoch: 99)) < 1e-15)
    #expect(s.peak.weight == 10 && s.peak.epoch == 29)
  }

  @Test func constantIsTheInitialWeightAfterTheWarmups() throws {
    let s = try LandmarkWeightSchedule(
      .constant, initialWeight: 40, totalEpochs: 10, supernetWarmupEpochs: 3)
    #expect((0..<10).map { s.weight(atEpoch: $0) } == [0, 0, 0, 40, 40, 40, 40, 40, 40, 40])
  }

  @Test func invalidValuesNameTheOption() throws {
    func message(_ make: () throws -> LandmarkWeightSchedule) -> String {
      landmarkErrorMessage(#expect(throws: CairnError.self) { _ = try make() }) ?? ""
    }
    #expect(
      message {
        try LandmarkWeightSchedule(initialWeight: -1, totalEpochs: 10, supernetWarmupEpochs: 0)
      }
      .contains("λ0"))
    #expect(
      message {
        try LandmarkWeightSchedule(initialWeight: .nan, totalEpochs: 10, supernetWarmupEpochs: 0)
      }.contains("nan"))
    #expect(
      message { try LandmarkWeightSchedule(totalEpochs: 0, supernetWarmupEpochs: 0) }.contains(
        "total epochs E"))
    #expect(
      message { try LandmarkWeightSchedule(totalEpochs: 10, supernetWarmupEpochs: 10) }.contains(
        "W must be in 0..<10"))
    #expect(
      message { try LandmarkWeightSchedule(totalEpochs: 10, supernetWarmupEpochs: -1) }.contains(
        "got -1"))
    #expect(
      message {
        try LandmarkWeightSchedule(
          totalEpochs: 10, supernetWarmupEpochs: 0, landmarkWarmupEpochs: -2)
      }.contains("Wl must not be negative"))
    #expect(
      message { try schedule(.cosineDecrease, e: 100, w: 50, wl: 50) }.contains("W + Wl"))
    // The increase kinds ignore Wl, so the same values are fine for them.
    _ = try schedule(.cosineIncrease(form: .codeFaithful), e: 100, w: 50, wl: 50)
  }

  @Test func kindsReadTheReferenceNames() throws {
    let names = [
      "constant", "linear_step_decrease", "linear_step_increase", "cosine_decrease",
      "cosine_increase",
    ]
    for name in names {
      #expect(try LandmarkWeightSchedule.Kind(referenceName: name).referenceName == name)
    }
    #expect(
      try LandmarkWeightSchedule.Kind(
        referenceName: "cosine_increase", cosineIncreaseForm: .paperExact)
        == .cosineIncrease(form: .paperExact))
    #expect(throws: CairnError.self) {
      try LandmarkWeightSchedule.Kind(referenceName: "inverse_lr")
    }
  }

  @Test func codableRoundTripAndValidationOnDecode() throws {
    let kinds: [LandmarkWeightSchedule.Kind] = [
      .constant, .linearStepDecrease, .linearStepIncrease, .cosineDecrease,
      .cosineIncrease(form: .codeFaithful), .cosineIncrease(form: .paperExact),
    ]
    for kind in kinds {
      let s = try schedule(kind, warmup: .intended)
      #expect(try landmarkRoundTrip(s) == s)
    }
    let json = Data(
      #"{"kind":{"constant":{}},"initialWeight":10,"totalEpochs":10,"supernetWarmupEpochs":10,"landmarkWarmupEpochs":0,"warmupForm":"codeFaithful"}"#
        .utf8)
    #expect(throws: DecodingError.self) {
      _ = try JSONDecoder().decode(LandmarkWeightSchedule.self, from: json)
    }
  }

  @Test func descriptionSummarisesTheSchedule() throws {
    let s = try LandmarkWeightSchedule(
      totalEpochs: 400, supernetWarmupEpochs: 150, landmarkWarmupEpochs: 10)
    #expect(
      s.description
        == "cosine_increase (code form), λ0 = 10, E = 400, W = 150, Wl = 0 (10 ignored by cosine_increase); "
        + "peak λ = 6.913 at epoch 399")
    #expect(
      try schedule(.linearStepDecrease).description
        == "linear_step_decrease, λ0 = 10, E = 100, W = 20, Wl = 10 with warm-up (e′+2)/(Wl+1); "
        + "peak λ = 10 at epoch 29")
  }
}

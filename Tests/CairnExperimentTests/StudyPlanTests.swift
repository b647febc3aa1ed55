import CairnCore
import CairnRanking
import CairnReport
import CairnSupernet
import Foundation
import Testing

@testable import CairnExperiment

/// The heuristics catalog, study plans, paired differences and verdicts.
@Suite struct StudyPlanTests {
  /// The dotted snake_case leaf keys whose values differ between two configurations.
  func changedKeys(_ a: SupernetConfiguration, _ b: SupernetConfiguration) throws -> Set<String> {
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    func leaves(_ value: Any, _ prefix: String) -> [String: String] {
      guard let map = value as? [String: Any] else { return [prefix: "\(value)"] }
      return map.reduce(into: [:]) { result, entry in
        result.merge(leaves(entry.value, prefix.isEmpty ? entry.key : prefix + "." + entry.key)) {
          $1
        }
      }
    }
    let left = leaves(try JSONSerialization.jsonObject(with: encoder.encode(a)), "")
    let right = leaves(try JSONSerialization.jsonObject(with: encoder.encode(b)), "")
    return Set(left.keys.filter { left[$0] != right[$0] })
  }

  func bases() -> [SupernetConfiguration] {
    var nb201 = SupernetConfiguration()
    nb201.truth = "nb201:cifar10_test_acc_200ep"
    var landmarks = nb201
    landmarks.landmarks.enabled = true
    landmarks.training.labelSmoothing = 0.1
    landmarks.training.warmupEpochs = 5
    var nb101 = SupernetConfiguration()
    nb101.space = .nb101
    nb101.truth = "nb101:cifar10_valid_acc_108ep"
    var darts = SupernetConfiguration()
    darts.space = .darts
    darts.training.sampleFrom = .space
    darts.truth = "darts:cifar10_standalone_acc@ca79c8"
    return [nb201, landmarks, nb101, darts]
  }

  /// Every catalog variant is valid, differs from its base, and differs only in its heuristic's keys.
  @Test func catalogVariantsChangeOnlyTheirHeuristicsKeys() throws {
    for base in bases() {
      for heuristic in SupernetHeuristic.allCases {
        let variants = heuristic.variants(of: base, trainingImages: 5_438)
        #expect(variants.isEmpty == !heuristic.applies(to: base), "\(heuristic) on \(base.space)")
        #expect(Set(variants.map(\.name)).count == variants.count)
        for variant in variants {
          #expect(variant.configuration != base)
          let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: ".-"))
          #expect(variant.name.unicodeScalars.allSatisfy(allowed.contains), "'\(variant.name)'")
          #expect(throws: Never.self) { try variant.configuration.validate() }
          let changed = try changedKeys(base, variant.configuration)
          #expect(changed.isSubset(of: heuristic.keys), "\(heuristic)=\(variant.name): \(changed)")
        }
      }
    }
  }

  @Test func catalogVariantsFollowTheBase() throws {
    var base = bases()[0]
    base.training.learningRate = 0.05
    base.training.minimumLearningRate = 0.04
    let rates = SupernetHeuristic.learningRate.variants(of: base).map(\.configuration.training)
    #expect(rates.map(\.learningRate) == [0.025, 0.1])
    #expect(rates.map(\.minimumLearningRate) == [0.025, 0.04])
    let schedules = SupernetHeuristic.learningRateSchedule.variants(of: base).map(\.name)
    #expect(schedules == ["step", "constant", "cosine-restarts"])
    let tracked = SupernetHeuristic.batchNormRunningStatistics.variants(of: base)
    #expect(tracked.map(\.name) == ["tracked"])
    #expect(SupernetHeuristic.dataFraction.variants(of: base).isEmpty)  // no image count known
    #expect(
      SupernetHeuristic.dataFraction.variants(of: base, trainingImages: 5_438).map(
        \.configuration.limit) == [2_719])
    #expect(SupernetHeuristic.supernetWarmup.variants(of: base).isEmpty)  // nothing to warm up for
  }

  @Test func planListsAndMapsHeuristicsAndBuildsTheGrid() throws {
    let text = """
      name: s
      seeds: [3, 4]
      base: {truth: 'nb201:cifar10_test_acc_200ep', training: {epochs: 10}}
      heuristics:
        epochs: catalog
        weight-decay:
          none: {training: {weight_decay: 0}}
      """
    let plan = try StudyPlan.parse(text, path: "s.yaml")
    #expect(plan.entries.map(\.heuristic) == [.epochs, .weightDecay])
    #expect(
      plan.experiment.arms.map(\.name) == [
        "baseline", "epochs=x0.5", "epochs=x2", "weight-decay=none",
      ])
    #expect(plan.experiment.arms[2].configuration.training.epochs == 20)
    #expect(plan.experiment.arms[3].configuration.training.weightDecay == 0)
    #expect(plan.experiment.seeds == [3, 4])
    let listed = try StudyPlan.parse(
      "base: {truth: 'nb201:cifar10_test_acc_200ep'}\nheuristics: [fairnas, path-dropout]\n",
      path: "l.yaml")
    #expect(
      listed.experiment.arms.map(\.name) == [
        "baseline", "fairnas=fairnas", "path-dropout=0.1", "path-dropout=0.2",
      ])
    #expect(throws: CairnError.self) {
      try StudyPlan.parse(
        "base: {truth: 'nb201:cifar10_test_acc_200ep'}\nheuristics: [nb101-channels]\n",
        path: "n.yaml")
    }
    #expect(throws: CairnError.self) {
      try StudyPlan.parse(
        "base: {truth: 'nb201:cifar10_test_acc_200ep'}\nheuristics: []\n", path: "e.yaml")
    }
    #expect(throws: CairnError.self) {
      try StudyPlan.parse(
        "base: {truth: 'nb201:cifar10_test_acc_200ep'}\nheuristics: [epochs, epochs]\n",
        path: "d.yaml")
    }
  }

  /// Differences paired by seed, against hand-computed values; seeds missing on either side are left out.
  @Test func pairedDifferencesPairBySeed() throws {
    let difference = try #require(
      PairedDifference(
        variant: [0: 0.5, 1: 0.7, 2: 0.2, 9: 1], baseline: [0: 0.3, 1: 0.4, 2: 0.3, 5: 0],
        bootstrap: Bootstrap(resamples: 2_000, seed: 1)))
    #expect(difference.differences.count == 3)
    #expect(abs(difference.differences[0] - 0.2) < 1e-12)
    #expect(abs(difference.mean - (0.2 + 0.3 - 0.1) / 3) < 1e-12)
    let interval = try #require(difference.interval)
    // The mean of a resample lies between the smallest and the largest difference.
    #expect(try #require(interval.lower) >= -0.1 - 1e-12)
    #expect(try #require(interval.upper) <= 0.3 + 1e-12)
    #expect(difference.sign == 0)
    let clear = try #require(
      PairedDifference(
        variant: [0: 0.5, 1: 0.6, 2: 0.55], baseline: [0: 0.1, 1: 0.2, 2: 0.1],
        bootstrap: Bootstrap(resamples: 500, seed: 1)))
    #expect(clear.sign == 1)
    #expect(PairedDifference(variant: [0: 1], baseline: [1: 1], bootstrap: nil) == nil)
    #expect(PairedDifference(variant: [0: 1], baseline: [0: 0.5], bootstrap: nil)?.interval == nil)
  }

  /// The verdict reads the S-KdT rows of one heuristic: an interval above 0 helps, below 0 hurts.
  @Test func verdictsFollowTheIntervalsOfTheVariants() throws {
    let bootstrap = Bootstrap(resamples: 500, seed: 2)
    func row(_ variant: String, _ differences: [Double]) -> StudySummary.Row {
      let baseline = Dictionary(uniqueKeysWithValues: differences.indices.map { (UInt64($0), 0.0) })
      let values = Dictionary(
        uniqueKeysWithValues: differences.enumerated().map { (UInt64($0), $1) })
      return StudySummary.Row(
        heuristic: .epochs, variant: variant, arm: "epochs=\(variant)", metric: .sparseKendallTau,
        summary: SeedSummary(values: differences, bootstrap: nil),
        difference: PairedDifference(variant: values, baseline: baseline, bootstrap: bootstrap))
    }
    let up = row("x2", [0.2, 0.3, 0.25])
    let down = row("x0.5", [-0.2, -0.3, -0.25])
    let flat = row("x3", [-0.1, 0.1, 0.05])
    #expect(StudySummary.verdict(of: .epochs, rows: [up, flat]).verdict == .helps)
    #expect(StudySummary.verdict(of: .epochs, rows: [down, flat]).verdict == .hurts)
    #expect(StudySummary.verdict(of: .epochs, rows: [up, down]).verdict == .mixed)
    #expect(StudySummary.verdict(of: .epochs, rows: [flat]).verdict == .noMeasurableEffect)
    #expect(StudySummary.verdict(of: .epochs, rows: [row("x2", [0.4])]).verdict == .notJudged)
    let line = StudySummary.verdict(of: .epochs, rows: [up, flat]).line
    #expect(line.hasPrefix("epochs: helps (x2: ΔS-KdT +0.250 ["), "\(line)")
  }
}

import CairnCore
import CairnSupernet
import CairnTraining
import Foundation
import Yams

/// A one-factor-at-a-time study of super-net heuristics: a baseline and, for each heuristic, its variants, every
/// one trained with every seed (`cairn study PLAN.yaml`).
///
///     name: nb201-heuristics
///     seeds: [0, 1, 2]
///     base:                       # the baseline: a super-net configuration
///       truth: nb201:cifar10_test_acc_200ep
///       training: {epochs: 60}
///     heuristics:                 # heuristic → its catalog variants, or variant name → keys over base
///       bn-running-statistics: catalog
///       learning-rate:
///         lr-0.1: {training: {learning_rate: 0.1}}
///
/// `heuristics` may also be a list of heuristic names (each with its catalog variants, `SupernetHeuristic
/// .variants(of:)`). Heuristic names are the catalog's; a variant equal to the baseline is an error.
public struct StudyPlan: Sendable, Hashable {
  /// One heuristic of the study and the variants it compares with the baseline.
  public struct Entry: Sendable, Hashable {
    public var heuristic: SupernetHeuristic
    public var variants: [HeuristicVariant]
  }

  public var name: String
  public var seeds: [UInt64]
  public var bootstrap: Int
  public var baseline: SupernetConfiguration
  public var entries: [Entry]

  static let topLevelKeys = ["name", "seeds", "base", "heuristics", "bootstrap"]
  /// The baseline's arm name.
  public static let baselineArm = "baseline"

  /// The arm name of a variant: `<heuristic>=<variant>`.
  public static func armName(_ heuristic: SupernetHeuristic, _ variant: String) -> String {
    "\(heuristic.rawValue)=\(variant)"
  }

  /// The grid as an experiment: the baseline arm, then every variant's arm in plan order.
  public var experiment: ExperimentPlan {
    var arms = [ExperimentPlan.Arm(name: Self.baselineArm, configuration: baseline)]
    for entry in entries {
      for variant in entry.variants {
        arms.append(
          ExperimentPlan.Arm(
            name: Self.armName(entry.heuristic, variant.name),
            configuration: variant.configuration))
      }
    }
    return ExperimentPlan(name: name, seeds: seeds, arms: arms, bootstrap: bootstrap)
  }

  /// Reads a plan file strictly; every error names the file and the key. `trainingImages` counts the training
  /// images of a configuration's dataset; it sizes the catalog's `data-fraction` variant when the base sets no
  /// `limit` (without it that variant is not offered).
  public static func load(
    from url: URL,
    trainingImages: ((SupernetConfiguration) throws(CairnError) -> Int)? = nil
  ) throws(CairnError) -> StudyPlan {
    let text = try ConfigurationFile.readText(url, what: "study plan")
    return try parse(text, path: url.path, trainingImages: trainingImages)
  }

  /// Parses plan YAML; `path` names the source in errors.
  public static func parse(
    _ text: String, path: String,
    trainingImages: ((SupernetConfiguration) throws(CairnError) -> Int)? = nil
  ) throws(CairnError) -> StudyPlan {
    let top = try ExperimentPlan.topLevelMapping(text, path: path, allowed: topLevelKeys)
    let (name, seeds, bootstrap, baseMap) = try ExperimentPlan.header(
      top, path: path, defaultName: "study")
    let baseline = try ExperimentPlan.armConfiguration(
      base: baseMap, override: [:], arm: baselineArm, path: path)
    var entries: [Entry] = []
    for (heuristicName, value) in try heuristicNodes(text, top: top, path: path) {
      guard let heuristic = SupernetHeuristic(rawValue: heuristicName) else {
        var problem = "unknown heuristic '\(heuristicName)'"
        if let nearest = NameMatching.nearest(
          to: heuristicName, among: SupernetHeuristic.allCases.map(\.rawValue))
        {
          problem += "; did you mean '\(nearest)'?"
        }
        throw .invalidFile(
          path: path, problem: problem + " (heuristics: \(SupernetHeuristic.valueList))")
      }
      guard !entries.contains(where: { $0.heuristic == heuristic }) else {
        throw .invalidFile(path: path, problem: "heuristic '\(heuristicName)' is listed twice")
      }
      let images =
        heuristic == .dataFraction && baseline.limit == nil
        ? try trainingImages?(baseline) : nil
      let variants = try variants(
        of: heuristic, value, base: baseMap, baseline: baseline, path: path,
        trainingImages: images)
      entries.append(Entry(heuristic: heuristic, variants: variants))
    }
    guard !entries.isEmpty else {
      throw .invalidFile(path: path, problem: "key 'heuristics' lists no heuristic")
    }
    return StudyPlan(
      name: name, seeds: seeds, bootstrap: bootstrap, baseline: baseline, entries: entries)
  }
}

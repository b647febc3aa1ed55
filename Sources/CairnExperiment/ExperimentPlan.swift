import CairnCore
import CairnSupernet
import CairnTraining
import Foundation
import Yams

/// A grid of super-net runs: every arm (a super-net configuration) trained with every seed.
///
/// Read from YAML (`cairn experiment CONFIG.yaml`):
///
///     name: quickstart
///     seeds: [0, 1, 2]
///     base:                     # a super-net configuration shared by all arms
///       truth: nb201:cifar10_test_acc_200ep
///       training: {epochs: 60}
///     arms:                     # arm name → keys laid over `base`
///       spos: {}
///       spos+landmarks:
///         landmarks: {enabled: true}
///
/// An arm with `after: <arm>` starts its super-net from the final weights of that (earlier) arm's super-net of
/// the same seed — the stages of progressive training as arms, each ranked on its own.
///
/// `base` and each arm are checked as strictly as a `cairn supernet train` file (unknown keys name the nearest
/// valid one); `seed` comes from `seeds` and may not appear in them.
public struct ExperimentPlan: Sendable, Hashable, Codable {
  /// One arm: its name and its configuration (seed not yet set).
  public struct Arm: Sendable, Hashable, Codable {
    public var name: String
    public var configuration: SupernetConfiguration
    /// The arm whose super-net of the same seed this arm's starts from (a stage of progressive training), or
    /// nil. It is listed before this arm.
    public var after: String?

    public init(name: String, configuration: SupernetConfiguration, after: String? = nil) {
      self.name = name
      self.configuration = configuration
      self.after = after
    }
  }

  /// Whether some arm starts from another's super-net (then a seed's cells run in one process, in order).
  public var chainsArms: Bool { arms.contains { $0.after != nil } }

  public var name: String
  public var seeds: [UInt64]
  public var arms: [Arm]
  /// Bootstrap resamples for the intervals over seeds in the comparison table.
  public var bootstrap: Int

  static let topLevelKeys = ["name", "seeds", "base", "arms", "bootstrap"]

  /// The configuration of one cell of the grid.
  public func configuration(arm: Arm, seed: UInt64) -> SupernetConfiguration {
    var configuration = arm.configuration
    configuration.seed = seed
    configuration.name = "\(name)/\(arm.name)/seed-\(seed)"
    return configuration
  }

  /// Reads a plan file strictly; every error names the file and the key.
  public static func load(from url: URL) throws(CairnError) -> ExperimentPlan {
    let text = try ConfigurationFile.readText(url, what: "experiment")
    return try parse(text, path: url.path)
  }

  /// Parses plan YAML; `path` names the source in errors.
  public static func parse(_ text: String, path: String) throws(CairnError) -> ExperimentPlan {
    let top = try topLevelMapping(text, path: path, allowed: topLevelKeys)
    let (name, seeds, bootstrapCount, baseMap) = try header(
      top, path: path, defaultName: "experiment")
    guard let armsNode = try armOrder(text, path: path), !armsNode.isEmpty,
      let armMap = top["arms"] as? [String: Any]
    else {
      throw .invalidFile(
        path: path,
        problem: "key 'arms' must be a non-empty mapping of arm name to configuration keys")
    }
    var arms: [Arm] = []
    for armName in armsNode {
      let override = armMap[armName] ?? [String: Any]()
      guard let overrideMap = (override as? [String: Any]) ?? (override is NSNull ? [:] : nil)
      else {
        throw .invalidFile(path: path, problem: "arm '\(armName)' must be a mapping (or {})")
      }
      guard !armName.isEmpty, !armName.contains("/"), armName != ".", armName != ".." else {
        throw .invalidFile(path: path, problem: "arm name '\(armName)' cannot name a directory")
      }
      var keys = overrideMap
      let after = try predecessor(
        keys.removeValue(forKey: "after"), of: armName, among: arms, path: path)
      guard keys["initialization"] == nil || after == nil else {
        throw .invalidFile(
          path: path, problem: "arm '\(armName)' sets both 'after' and 'initialization'")
      }
      guard overrideMap["seed"] == nil else {
        throw .invalidFile(
          path: path, problem: "key 'arms.\(armName).seed' is not allowed; list seeds in 'seeds'")
      }
      let configuration = try armConfiguration(
        base: baseMap, override: keys, arm: armName, path: path)
      arms.append(Arm(name: armName, configuration: configuration, after: after))
    }
    return ExperimentPlan(name: name, seeds: seeds, arms: arms, bootstrap: bootstrapCount)
  }

  /// The arm named by an arm's `after` key, which must be listed before it.
  static func predecessor(_ value: Any?, of arm: String, among earlier: [Arm], path: String)
    throws(CairnError) -> String?
  {
    guard let value else { return nil }
    let name = "\(value)"
    guard earlier.contains(where: { $0.name == name }) else {
      throw .invalidFile(
        path: path,
        problem: "arm '\(arm)': 'after' must name an arm listed before it, got '\(name)'")
    }
    return name
  }

  /// The keys every grid plan shares: `name` (a directory name), `seeds`, `bootstrap` and the `base` mapping
  /// (which may not set `seed`).
  static func header(_ top: [String: Any], path: String, defaultName: String) throws(CairnError)
    -> (name: String, seeds: [UInt64], bootstrap: Int, base: [String: Any])
  {
    let name = top["name"].map { "\($0)" } ?? defaultName
    guard !name.isEmpty, !name.contains("/"), name != ".", name != ".." else {
      throw .invalidFile(path: path, problem: "name '\(name)' cannot name a directory")
    }
    let seeds = try seedList(top["seeds"], path: path)
    let bootstrap = top["bootstrap"] ?? 2_000
    guard let bootstrapCount = bootstrap as? Int, bootstrapCount >= 0 else {
      throw .invalidFile(path: path, problem: "key 'bootstrap' must be a non-negative integer")
    }
    let base = top["base"] ?? [String: Any]()
    guard let baseMap = base as? [String: Any] else {
      throw .invalidFile(path: path, problem: "key 'base' must be a mapping of configuration keys")
    }
    guard baseMap["seed"] == nil else {
      throw .invalidFile(
        path: path, problem: "key 'base.seed' is not allowed; list seeds in 'seeds'")
    }
    return (name, seeds, bootstrapCount, baseMap)
  }

  /// The top-level mapping of plan YAML; an unknown key is an error that suggests the nearest allowed one.
  static func topLevelMapping(_ text: String, path: String, allowed: [String]) throws(CairnError)
    -> [String: Any]
  {
    let top = try ConfigurationFile.mapping(text, path: path)
    for key in top.keys.sorted() where !allowed.contains(key) {
      var problem = "unknown key '\(key)'"
      if let nearest = NameMatching.nearest(to: key, among: allowed) {
        problem += "; did you mean '\(nearest)'?"
      }
      throw .invalidFile(path: path, problem: problem)
    }
    return top
  }

  /// `override` laid over `base`, decoded strictly and validated; errors name the file and the arm.
  static func armConfiguration(
    base: [String: Any], override: [String: Any], arm: String, path: String
  ) throws(CairnError) -> SupernetConfiguration {
    try SupernetConfiguration.overlaid(
      base: base, override: override, part: "arm '\(arm)'", path: path)
  }

  static func seedList(_ value: Any?, path: String) throws(CairnError) -> [UInt64] {
    guard let value else { return [0] }
    let list = (value as? [Any]) ?? [value]
    var seeds: [UInt64] = []
    for item in list {
      guard let seed = item as? Int, seed >= 0 else {
        throw .invalidFile(path: path, problem: "key 'seeds' must list non-negative integers")
      }
      guard !seeds.contains(UInt64(seed)) else {
        throw .invalidFile(path: path, problem: "seed \(seed) is listed twice in 'seeds'")
      }
      seeds.append(UInt64(seed))
    }
    guard !seeds.isEmpty else {
      throw .invalidFile(path: path, problem: "key 'seeds' lists no seed")
    }
    return seeds
  }

  /// The arm names in file order (a decoded dictionary loses it); nil when `arms` is not a mapping.
  static func armOrder(_ text: String, path: String) throws(CairnError) -> [String]? {
    guard let arms = try YAMLDocument.compose(text, path: path)?.mapping?["arms"]?.mapping else {
      return nil
    }
    return arms.keys.map { $0.string ?? "" }
  }
}

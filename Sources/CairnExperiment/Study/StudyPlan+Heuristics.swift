import CairnCore
import CairnSupernet
import CairnTraining
import Foundation
import Yams

extension StudyPlan {
  /// The `heuristics` key as (name, value) pairs in file order: a list of names (value nil) or a mapping.
  static func heuristicNodes(_ text: String, top: [String: Any], path: String) throws(CairnError)
    -> [(String, Any?)]
  {
    let shape =
      "key 'heuristics' must list heuristic names or map each to 'catalog' or to its variants"
    switch top["heuristics"] {
    case let list as [Any]:
      return try list.map { (item) throws(CairnError) in
        guard let name = item as? String else { throw .invalidFile(path: path, problem: shape) }
        return (name, nil)
      }
    case let map as [String: Any]:
      let order =
        try YAMLDocument.compose(text, path: path)?.mapping?["heuristics"]?.mapping?.keys.map {
          $0.string ?? ""
        } ?? []
      return order.map { ($0, map[$0]) }
    default:
      throw .invalidFile(path: path, problem: shape)
    }
  }

  /// The variants of one heuristic: the catalog's (value nil, null or `catalog`), or each named variant's keys
  /// laid over the base.
  static func variants(
    of heuristic: SupernetHeuristic, _ value: Any?, base: [String: Any],
    baseline: SupernetConfiguration, path: String, trainingImages: Int?
  ) throws(CairnError) -> [HeuristicVariant] {
    let key = "heuristics.\(heuristic.rawValue)"
    var variants: [HeuristicVariant]
    switch value {
    case nil, is NSNull, "catalog" as String:
      variants = heuristic.variants(of: baseline, trainingImages: trainingImages)
      guard !variants.isEmpty else {
        throw .invalidFile(
          path: path,
          problem:
            "\(key): the catalog has no variant of this heuristic for this base (it concerns \(heuristic.keys.joined(separator: ", ")))"
        )
      }
      for variant in variants { try validate(variant.configuration, key, variant.name, path) }
    case let map as [String: Any]:
      variants = try map.keys.sorted().map { (name) throws(CairnError) in
        guard let override = map[name] as? [String: Any], !name.isEmpty, !name.contains("/")
        else {
          throw .invalidFile(
            path: path, problem: "\(key).\(name) must be a mapping of configuration keys")
        }
        let configuration = try ExperimentPlan.armConfiguration(
          base: base, override: override, arm: armName(heuristic, name), path: path)
        return HeuristicVariant(name: name, configuration: configuration)
      }
    default:
      throw .invalidFile(
        path: path, problem: "\(key) must be 'catalog' or a mapping of variant name to keys")
    }
    for variant in variants where variant.configuration == baseline {
      throw .invalidFile(
        path: path, problem: "\(key).\(variant.name) is the same configuration as the baseline")
    }
    return variants
  }

  private static func validate(
    _ configuration: SupernetConfiguration, _ key: String, _ name: String, _ path: String
  ) throws(CairnError) {
    do {
      try configuration.validate()
    } catch {
      throw .invalidFile(path: path, problem: "\(key), variant \(name): \(error.description)")
    }
  }
}

import CairnBenchmarks
import CairnCore
import CairnTraining
import Foundation

extension BenchmarkPlan {
  /// The keys of a plan besides the training protocol's.
  static let planKeys = ["architectures", "seeds", "extra_seeds", "store", "runs"]

  /// Reads a plan file strictly and checks it (see `parse(_:path:)`).
  public static func load(from url: URL) throws(CairnError) -> BenchmarkPlan {
    let text = try ConfigurationFile.readText(url, what: "the build plan")
    return try parse(text, path: url.path)
  }

  /// Parses plan YAML and checks it, expanding its jobs once; every error is `CairnError.invalidFile` naming
  /// `path` and, where there is one, the key: an unknown key (with the nearest valid one), a value of the wrong
  /// kind, an option out of range, an architecture that does not parse or repeats, a sample larger than the space.
  public static func parse(_ text: String, path: String) throws(CairnError) -> BenchmarkPlan {
    let top = try ConfigurationFile.mapping(text, path: path)
    if let key = ConfigurationFile.firstNonFinite(top, prefix: "") {
      throw .invalidFile(path: path, problem: "key '\(key)' must be a finite number")
    }
    let protocolKeys = StandaloneConfiguration.protocolKeys
    let valid = planKeys + protocolKeys
    for key in top.keys.sorted() where !valid.contains(key) {
      var problem = "unknown key '\(key)'"
      if let nearest = NameMatching.nearest(to: key, among: valid) {
        problem += "; did you mean '\(nearest)'?"
      }
      throw .invalidFile(path: path, problem: problem)
    }
    let training = try ConfigurationFile.decode(
      StandaloneConfiguration.self,
      from: try json(top.filter { protocolKeys.contains($0.key) }, path),
      path: path, defaults: StandaloneConfiguration(architecture: ""),
      schema: StandaloneConfiguration.keySchema)
    let keys = try ConfigurationFile.decode(
      PlanKeys.self, from: try json(top.filter { planKeys.contains($0.key) }, path), path: path,
      defaults: PlanKeys(), schema: PlanKeys.schema)
    let plan = BenchmarkPlan(
      training: training, architectures: keys.architectures.value, seeds: keys.seeds,
      extraSeeds: keys.extraSeeds.map {
        ExtraSeeds(architectures: $0.architectures, seeds: $0.seeds)
      },
      store: keys.store, runs: keys.runs)
    do {
      try plan.validate()
    } catch {
      throw .invalidFile(path: path, problem: error.description)
    }
    return plan
  }

  /// `mapping` as JSON text (which `ConfigurationFile` reads as YAML).
  private static func json(_ mapping: [String: Any], _ path: String) throws(CairnError) -> String {
    do {
      return String(
        decoding: try JSONSerialization.data(withJSONObject: mapping, options: [.sortedKeys]),
        as: UTF8.self)
    } catch {
      throw .invalidFile(path: path, problem: "cannot read values (\(error))")
    }
  }
}

/// The plan's own keys as a file holds them (the training protocol's are `StandaloneConfiguration`'s).
struct PlanKeys: Codable {
  var architectures = ArchitecturesKey(value: .listed([]))
  var seeds: [UInt64] = [0]
  var extraSeeds: ExtraSeedsKey?
  var store = ResultsStoreLocation.defaultPath
  var runs = "runs/bench"

  /// Every key set, so that its encoding lists every valid key.
  static var schema: PlanKeys {
    var schema = PlanKeys()
    schema.extraSeeds = ExtraSeedsKey(architectures: 1, seeds: [1])
    return schema
  }

  struct ExtraSeedsKey: Codable {
    var architectures = 0
    var seeds: [UInt64] = []

    init(architectures: Int, seeds: [UInt64]) {
      self.architectures = architectures
      self.seeds = seeds
    }

    init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      architectures = try container.value(for: .architectures, default: 0)
      seeds = try container.value(for: .seeds, default: [])
    }
  }
}

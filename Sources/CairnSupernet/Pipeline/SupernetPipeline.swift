import CairnCore
import CairnTraining
import Foundation

/// Super-net training in stages (progressive training): a configuration file whose `stages` list lays each stage's
/// keys over the rest of the file, runs the stages in order, and starts each stage's super-net from the weights
/// the stage before it ended with (`initialization`).
///
///     space: resnet20-width
///     truth: resnet20-width:cifar10_standalone_acc@…
///     training: {sample_from: space, epochs: 20}
///     stages:
///       - {name: widest, training: {sampler: largest, learning_rate: 0.1}}
///       - {name: distillation, training: {sampler: inplace-distillation, learning_rate: 0.01}}
///       - {name: branches, supernet: {width: {branches: quarters}}, training: {learning_rate: 0.001}}
///
/// Stage i runs in `<run>/<i>-<name>` (1-based) as an ordinary super-net run: a finished stage is read back, an
/// interrupted one resumes from its checkpoint, so the whole pipeline resumes after a kill. Every stage ranks its
/// evaluation pool at its end, which makes the pipeline its own ablation.
public struct SupernetPipeline: Sendable {
  /// One stage: its name and its configuration (without the initialization the pipeline sets).
  public struct Stage: Sendable {
    public var name: String
    public var configuration: SupernetConfiguration
  }

  public var stages: [Stage]

  /// The base configuration's name (the default run directory's).
  public var name: String { stages[0].configuration.name }

  /// Reads a configuration file with a `stages` list strictly (each stage as strictly as a whole file); nil when
  /// the file has no `stages` key.
  public static func load(from url: URL) throws(CairnError) -> SupernetPipeline? {
    let text = try ConfigurationFile.readText(url, what: "configuration")
    return try parse(text, path: url.path)
  }

  /// Parses configuration YAML; nil without `stages`.
  public static func parse(_ text: String, path: String) throws(CairnError) -> SupernetPipeline? {
    var base = try ConfigurationFile.mapping(text, path: path)
    guard let stagesNode = base.removeValue(forKey: "stages") else { return nil }
    guard let list = stagesNode as? [Any], !list.isEmpty else {
      throw .invalidFile(path: path, problem: "key 'stages' must be a non-empty list of stages")
    }
    var stages: [Stage] = []
    for (index, item) in list.enumerated() {
      guard var override = item as? [String: Any], let name = override.removeValue(forKey: "name")
      else {
        throw .invalidFile(
          path: path, problem: "stage \(index + 1) must be a mapping with a 'name'")
      }
      let stageName = "\(name)"
      guard Self.isDirectoryName(stageName) else {
        throw .invalidFile(
          path: path,
          problem: "stage name '\(stageName)' must be lowercase letters, digits and '-'")
      }
      guard !stages.contains(where: { $0.name == stageName }) else {
        throw .invalidFile(path: path, problem: "stage name '\(stageName)' is used twice")
      }
      if index > 0, override["initialization"] != nil {
        throw .invalidFile(
          path: path,
          problem:
            "stage '\(stageName)': initialization is set by the pipeline (the stage before it)")
      }
      let configuration = try SupernetConfiguration.overlaid(
        base: base, override: override, part: "stage '\(stageName)'", path: path)
      stages.append(Stage(name: stageName, configuration: configuration))
    }
    return SupernetPipeline(stages: stages)
  }

  /// The run directory of stage `index` (0-based) under `directory`.
  public static func stageDirectory(_ directory: String, index: Int, name: String) -> String {
    URL(fileURLWithPath: directory).appendingPathComponent("\(index + 1)-\(name)").path
  }

  /// Stage `index`'s configuration for a pipeline run in `directory`: from stage 2 on, initialised from the
  /// stage before.
  public func configuration(stage index: Int, directory: String) -> SupernetConfiguration {
    var configuration = stages[index].configuration
    configuration.name = "\(name)/\(stages[index].name)"
    if index > 0 {
      configuration.initialization = Self.stageDirectory(
        directory, index: index - 1, name: stages[index - 1].name)
    }
    return configuration
  }

  static func isDirectoryName(_ name: String) -> Bool {
    !name.isEmpty
      && name.utf8.allSatisfy {
        ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D
      }
  }
}

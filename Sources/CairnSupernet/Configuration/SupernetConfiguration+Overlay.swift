import CairnCore
import CairnTraining
import Foundation

extension SupernetConfiguration {
  /// `override` laid over `base` (both key trees of a configuration file), decoded as strictly as a
  /// `cairn supernet train` file and validated; errors name the file (`path`) and `part` (an arm, a stage).
  public static func overlaid(
    base: [String: Any], override: [String: Any], part: String, path: String
  ) throws(CairnError) -> SupernetConfiguration {
    let merged = ConfigurationFile.overlay(base, with: override)
    let json: String
    do {
      json = String(
        decoding: try JSONSerialization.data(withJSONObject: merged, options: [.sortedKeys]),
        as: UTF8.self)
    } catch {
      throw .invalidFile(path: path, problem: "\(part): cannot read values (\(error))")
    }
    let configuration = try ConfigurationFile.decode(
      SupernetConfiguration.self, from: json, path: "\(path) (\(part))",
      defaults: SupernetConfiguration(), schema: SupernetConfiguration.keySchema)
    do {
      try configuration.validate()
    } catch {
      throw .invalidFile(path: path, problem: "\(part): \(error.description)")
    }
    return configuration
  }
}

import CairnCore
import Foundation

extension StandaloneConfiguration {
  /// A configuration with every optional option set, whose encoding lists every key a file may hold (snake_case,
  /// for `ConfigurationFile`). An optional option added to `StandaloneConfiguration` must be set here too (a test
  /// compares this schema with the type's stored properties).
  public static var keySchema: StandaloneConfiguration {
    var schema = StandaloneConfiguration(architecture: "")
    schema.dataDirectory = ""
    schema.limit = 4
    schema.augmentation = .cropFlip
    schema.cells = 1
    schema.auxiliaryWeight = 0
    schema.dropPath = 0
    schema.precision = .bfloat16
    return schema
  }

  /// The keys of the training protocol in files: every key of `keySchema` except `architecture` and `seed`
  /// (what a benchmark plan sets once for all its runs), sorted.
  public static var protocolKeys: [String] {
    let keys = (try? ConfigurationFile.keyTree(of: keySchema).keys.sorted()) ?? []
    return keys.filter { $0 != "architecture" && $0 != "seed" }
  }

  /// This configuration with the defaults that older configurations left out written the way they left them out,
  /// so that equal protocols hash equally (`protocolHash`) however they were written: the standard `crop-flip`
  /// augmentation is nil, as `cairn train` records it, and so is fp32 precision.
  public var normalized: StandaloneConfiguration {
    var configuration = self
    if configuration.augmentation == .cropFlip { configuration.augmentation = nil }
    if configuration.precision == .float32 { configuration.precision = nil }
    return configuration
  }
}

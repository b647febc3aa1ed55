import Foundation

/// What a checkpoint records of the configuration that wrote it, and the test a run applies before resuming it.
///
/// The text is the configuration's JSON with sorted keys (`ConfigurationFile.identity(of:)`). A checkpoint
/// written by an older Cairn lacks the keys added since; `matches` decodes the saved text as the configuration
/// type (missing keys take their defaults) and compares again, so a run killed before an upgrade resumes after it
/// when its options mean the same.
public struct ConfigurationIdentity: Sendable {
  /// The JSON text saved in checkpoints.
  public let text: String
  private let canonical: @Sendable (String) -> String?

  /// The identity of `configuration`.
  public init<C: Codable>(of configuration: C) throws {
    text = try ConfigurationFile.identity(of: configuration)
    canonical = { saved in
      (try? JSONDecoder().decode(C.self, from: Data(saved.utf8)))
        .flatMap { try? ConfigurationFile.identity(of: $0) }
    }
  }

  /// Whether a checkpoint's saved identity names this configuration, as written or read with today's defaults.
  public func matches(_ saved: String) -> Bool {
    saved == text || canonical(saved) == text
  }
}

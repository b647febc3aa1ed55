import CairnCore
import Foundation

/// A self-describing run directory: resolved config, metrics log, checkpoint, result.
///
/// ```
/// config.yaml                    resolved configuration and code version
/// metrics.jsonl                  one JSON object per event
/// checkpoint/latest.safetensors  weights, optimizer state, and the run state (in the file's metadata)
/// result.json                    the final result
/// ```
/// Every file is written atomically; running again with the same directory resumes from the checkpoint.
public struct RunDirectory: Sendable {
  public let url: URL

  public init(_ path: String) { url = URL(fileURLWithPath: path) }

  public var configURL: URL { url.appendingPathComponent("config.yaml") }
  public var metricsURL: URL { url.appendingPathComponent("metrics.jsonl") }
  public var checkpointURL: URL { url.appendingPathComponent("checkpoint/latest.safetensors") }
  public var resultURL: URL { url.appendingPathComponent("result.json") }

  /// True when a checkpoint exists to resume from.
  public var hasCheckpoint: Bool { FileManager.default.fileExists(atPath: checkpointURL.path) }

  /// The metrics log's lines.
  public func metricsLines() -> [String] {
    guard let text = try? String(contentsOf: metricsURL, encoding: .utf8) else { return [] }
    return text.split(separator: "\n").map(String.init)
  }

  /// Rewrites the metrics log to exactly `lines` (used to drop events logged after the last checkpoint).
  public func writeMetrics(_ lines: [String]) throws(CairnError) {
    try AtomicFile.write(lines.map { $0 + "\n" }.joined(), to: metricsURL)
  }

  /// Appends one JSON event to the metrics log (rewritten atomically; logs stay small).
  public func appendMetric(_ object: [String: Any]) throws(CairnError) {
    try writeMetrics(metricsLines() + [JSONLine.encode(object)])
  }
}

/// Compact single-line JSON with sorted keys.
public enum JSONLine {
  public static func encode(_ object: [String: Any]) -> String {
    let data =
      (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
      ?? Data("{}".utf8)
    return String(decoding: data, as: UTF8.self)
  }
}

import CairnCore
import Foundation

/// Scores already computed for a search, keyed by the architecture's text; saved as `arch,score` CSV so a search
/// over a trained super-net can be replayed (or resumed) without scoring anything twice.
public struct ScoreCache: Sendable, Equatable {
  public private(set) var scores: [String: Double] = [:]
  /// Architectures in the order they were first scored (the file's row order).
  public private(set) var order: [String] = []

  public init() {}

  public subscript(architecture: String) -> Double? { scores[architecture] }

  public mutating func insert(_ score: Double, for architecture: String) {
    if scores.updateValue(score, forKey: architecture) == nil { order.append(architecture) }
  }

  public var count: Int { order.count }

  /// Reads a cache file; a malformed row is an error naming the file and line. A missing file is an empty cache.
  public static func load(from url: URL) throws(CairnError) -> ScoreCache {
    var cache = ScoreCache()
    guard FileManager.default.fileExists(atPath: url.path) else { return cache }
    let text = try InputFile.text(url, limit: InputFile.tableLimit, what: "score cache")
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    guard lines.first == "arch,score" else {
      throw .invalidFile(path: url.path, problem: "the header must be 'arch,score'")
    }
    for (number, line) in lines.enumerated().dropFirst() where !line.isEmpty {
      guard let comma = line.lastIndex(of: ","),
        let score = Double(line[line.index(after: comma)...]),
        score.isFinite, comma > line.startIndex
      else {
        throw .invalidFile(
          path: url.path, problem: "line \(number + 1) is not 'arch,score': \(line)")
      }
      cache.insert(score, for: String(line[..<comma]))
    }
    return cache
  }

  /// Writes the cache atomically.
  public func write(to url: URL) throws(CairnError) {
    var text = "arch,score\n"
    for architecture in order { text += "\(architecture),\(scores[architecture]!)\n" }
    try AtomicFile.write(text, to: url)
  }
}

/// One architecture a search proposed and the score it got (higher is better).
public struct SearchEvaluation<Architecture: Hashable & Codable & Sendable>: Hashable, Codable,
  Sendable
{
  public var architecture: Architecture
  public var score: Double

  public init(architecture: Architecture, score: Double) {
    self.architecture = architecture
    self.score = score
  }
}

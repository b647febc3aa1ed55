/// Two positions in a `LandmarkSet`, `worse` < `better`, whose super-net losses the ranking loss compares
/// (landmark spec §1): R = φ(L(a_better) − L(a_worse)).
public struct LandmarkPair: Hashable, Codable, Sendable, CustomStringConvertible {
  /// The lower position (lower ground truth).
  public var worse: Int
  /// The higher position (higher ground truth).
  public var better: Int

  /// Creates a pair; `worse` must be below `better`.
  public init(worse: Int, better: Int) {
    precondition(
      0 <= worse && worse < better,
      "a landmark pair needs 0 <= worse < better, got (\(worse), \(better))")
    self.worse = worse
    self.better = better
  }

  public var description: String { "(\(worse), \(better))" }

  private enum CodingKeys: String, CodingKey { case worse, better }

  /// Decodes a pair, rejecting one that does not satisfy 0 ≤ worse < better.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let worse = try container.decode(Int.self, forKey: .worse)
    let better = try container.decode(Int.self, forKey: .better)
    guard 0 <= worse && worse < better else {
      throw DecodingError.dataCorruptedError(
        forKey: .better, in: container,
        debugDescription: "a landmark pair needs 0 <= worse < better, got (\(worse), \(better))")
    }
    self.init(worse: worse, better: better)
  }
}

/// A share of a numbered list of work items (a benchmark build's jobs, an experiment's cells), written `i/n`
/// (0-based: shards `0/n` … `n-1/n`): the items whose number is i modulo n. The n shards of a list split it
/// exactly, so n processes or machines can share one piece of work.
public struct Shard: Sendable, Hashable, CustomStringConvertible {
  /// i, from 0.
  public let index: Int
  /// n, at least 1.
  public let count: Int

  /// Every item.
  public static let all = Shard(uncheckedIndex: 0, count: 1)

  private init(uncheckedIndex index: Int, count: Int) {
    self.index = index
    self.count = count
  }

  /// Shard `index` of `count`; throws `CairnError.invalidInput` unless count ≥ 1 and 0 ≤ index < count.
  public init(index: Int, count: Int) throws(CairnError) {
    guard count >= 1 else {
      throw .invalidInput("shard \(index)/\(count): the number of shards must be at least 1")
    }
    guard (0..<count).contains(index) else {
      throw .invalidInput(
        "shard \(index)/\(count): shards are numbered from 0, so the index must be in 0...\(count - 1)"
      )
    }
    self.init(uncheckedIndex: index, count: count)
  }

  /// Reads `i/n`; throws `CairnError.invalidInput` naming the text when it is not of that form or out of range.
  public init(parsing text: String) throws(CairnError) {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
      throw .invalidInput(
        "shard '\(text)' is not of the form i/n (0-based: 0/2 and 1/2 split the work in two)")
    }
    try self.init(index: index, count: count)
  }

  /// Whether item `number` (from 0) belongs to this shard.
  public func contains(_ number: Int) -> Bool { number % count == index }

  public var description: String { "\(index)/\(count)" }
}

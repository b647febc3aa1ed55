import CairnData

/// How the processes of a data-parallel run share the scoring of an evaluation pool: this process scores the
/// architectures at positions index, index + count, … of the pool (`shard`), and `combine` sums a vector over all
/// processes, which then hold every architecture's score. Scores do not depend on which process computes them:
/// the weights are the same everywhere, the scoring batches are whole, and batch norm uses the batch's statistics
/// or statistics recalibrated from those batches.
public struct ScoringShare {
  public let shard: DataShard
  public let combine: ([Double]) -> [Double]

  public init(shard: DataShard, combine: @escaping ([Double]) -> [Double]) {
    self.shard = shard
    self.combine = combine
  }

  /// The positions of a pool of `count` this process scores.
  func positions(inPoolOf count: Int) -> [Int] {
    Array(stride(from: shard.index, to: count, by: shard.count))
  }

  /// Every architecture's score from this process's `mine` (at `positions`), the others' filled in by `combine`.
  func gather(_ mine: [SupernetScore], at positions: [Int], names: [String]) -> [SupernetScore] {
    var values = [Double](repeating: 0, count: 2 * names.count)
    for (score, position) in zip(mine, positions) {
      values[2 * position] = score.accuracy
      values[2 * position + 1] = score.loss
    }
    let all = combine(values)
    return names.indices.map {
      SupernetScore(architecture: names[$0], accuracy: all[2 * $0], loss: all[2 * $0 + 1])
    }
  }
}

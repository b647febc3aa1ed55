import CairnData
import Testing

@testable import CairnSupernet

/// The shares of a pool cover every architecture once, and the gathered scores are each architecture's own.
@Suite struct ScoringShareTests {
  @Test(arguments: [1, 2, 3, 7])
  func sharesCoverThePoolOnceAndGatherEveryScore(_ count: Int) throws {
    let names = (0..<5).map { "arch-\($0)" }
    let truth = names.indices.map {
      SupernetScore(architecture: names[$0], accuracy: Double($0) / 10, loss: 2 + Double($0))
    }
    // Each process's vector as `gather` builds it; `combine` sums them, as the allreduce does.
    var vectors: [[Double]] = []
    var shares: [ScoringShare] = []
    for index in 0..<count {
      let share = ScoringShare(shard: try DataShard(index: index, count: count)) { _ in
        vectors.reduce(into: [Double](repeating: 0, count: 2 * names.count)) { sum, vector in
          for i in sum.indices { sum[i] += vector[i] }
        }
      }
      shares.append(share)
      var vector = [Double](repeating: 0, count: 2 * names.count)
      for position in share.positions(inPoolOf: names.count) {
        vector[2 * position] = truth[position].accuracy
        vector[2 * position + 1] = truth[position].loss
      }
      vectors.append(vector)
    }
    let covered = shares.flatMap { $0.positions(inPoolOf: names.count) }.sorted()
    #expect(covered == Array(names.indices))
    for share in shares {
      let positions = share.positions(inPoolOf: names.count)
      let gathered = share.gather(positions.map { truth[$0] }, at: positions, names: names)
      #expect(gathered == truth)
    }
  }
}

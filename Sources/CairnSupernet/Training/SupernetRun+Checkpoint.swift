import CairnCore
import CairnData
import CairnTraining
import Foundation

/// The part of a super-net checkpoint's task state that scoring needs, whatever the step strategy.
struct SavedPool: Decodable {
  var pool: [String]
}

extension SupernetRun {
  /// The super-net with the weights of the run's latest checkpoint, its evaluation pool and epoch, and the
  /// scoring batches.
  func loadCheckpoint() throws -> (
    network: Binding.Network, pool: [String], epoch: Int, batches: [Batch]
  ) {
    guard directory.hasCheckpoint else {
      throw CairnError.invalidFile(
        path: directory.url.path, problem: "no super-net checkpoint in this run directory")
    }
    let data = try loadData()
    let network = try makeNetwork(data)
    let saved = try directory.restoreTrainingCheckpoint(
      into: network, optimizer: makeOptimizer(network), configurationIdentity: try identity,
      as: SavedPool.self)
    return (network, saved.task.pool, saved.loop.cursor.epoch, try makeScoringBatches(data))
  }

  /// Scores the evaluation pool with the latest checkpoint and rewrites scores.csv and ranking.json.
  func rankCheckpoint() throws -> SupernetEvaluationResult {
    let loaded = try loadCheckpoint()
    return try evaluate(
      loaded.network, pool: loaded.pool, batches: loaded.batches, epoch: loaded.epoch,
      derived: nil)
  }

  /// A scorer over the latest checkpoint: architectures as text, scored on the run's scoring batches with its
  /// batch-norm policy (what a search over a trained super-net calls).
  func checkpointScorer() throws -> SupernetScorer {
    let loaded = try loadCheckpoint()
    let batchNorm = scoringBatchNorm
    return SupernetScorer { (texts: [String]) throws(CairnError) -> [SupernetScore] in
      var architectures: [Architecture] = []
      for text in texts { architectures.append(try self.parse(text)) }
      return try SupernetScoring.score(
        loaded.network, architectures: architectures, batches: loaded.batches,
        batchNorm: batchNorm, name: self.space.format)
    }
  }
}

/// Scores architectures (in their space's text form) with a trained super-net.
public struct SupernetScorer {
  let body: ([String]) throws(CairnError) -> [SupernetScore]

  init(_ body: @escaping ([String]) throws(CairnError) -> [SupernetScore]) { self.body = body }

  /// The scores of `architectures`, in order.
  public func callAsFunction(_ architectures: [String]) throws(CairnError) -> [SupernetScore] {
    try body(architectures)
  }
}

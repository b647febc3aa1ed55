import CairnCore
import CairnData
import CairnEngine
import CairnNetworks
import CairnSpaces
import CairnTraining

/// How batch normalization behaves when a super-net scores a sub-network; recorded with every score file.
public enum BatchNormEvaluation: Codable, Hashable, Sendable, CustomStringConvertible {
  /// Normalize with each evaluation batch's own statistics (the landmark paper's default; no state).
  case batchStatistics
  /// Reset the running statistics, re-estimate them over this many training-mode batches of the architecture
  /// (cumulative average), then evaluate with them. Needs batch norm built with running statistics.
  case recalibrated(batches: Int)

  public var description: String {
    switch self {
    case .batchStatistics: return "batch statistics"
    case .recalibrated(let batches):
      return "running statistics recalibrated over \(batches) batches"
    }
  }
}

/// A super-net's estimate of one architecture: accuracy (fraction) and mean cross-entropy on the scoring data.
public struct SupernetScore: Codable, Hashable, Sendable {
  public var architecture: String
  public var accuracy: Double
  public var loss: Double
}

/// Scores architectures with a trained super-net: the accuracy and loss of each one's single path on fixed batches.
public enum SupernetScoring {
  /// Scores every architecture on the same `batches` (no gradients; sample-weighted means); `name` gives the
  /// text recorded with each score.
  ///
  /// With `.recalibrated`, each architecture's batch-norm running statistics are re-estimated on the first
  /// `batches` of `calibration` (or of `batches` when nil) before it is scored.
  public static func score<Network: ArchitectureNetwork>(
    _ network: Network, architectures: [Network.Architecture], batches: [Batch],
    batchNorm: BatchNormEvaluation = .batchStatistics, calibration: [Batch]? = nil,
    name: (Network.Architecture) -> String
  ) throws(CairnError) -> [SupernetScore] {
    guard !batches.isEmpty else { throw .invalidInput("scoring needs at least one batch") }
    let norms = batchNormModules(network)
    if case .recalibrated(let count) = batchNorm {
      guard count > 0 else {
        throw .invalidInput("recalibration needs a positive number of batches, got \(count)")
      }
      guard norms.allSatisfy({ $0.runningMean != nil }) else {
        throw .invalidInput(
          "batch-norm recalibration needs running statistics; build the super-net with tracked running statistics"
        )
      }
    }
    let wasTraining = network.isTraining
    defer { network.train(wasTraining) }
    var scores: [SupernetScore] = []
    for architecture in architectures {
      if case .recalibrated(let count) = batchNorm {
        recalibrate(
          network, norms: norms, architecture: architecture,
          batches: Array((calibration ?? batches).prefix(count)))
      }
      let measured = ClassificationEvaluation.measure(
        network, architecture: architecture, batches: batches)
      scores.append(
        SupernetScore(
          architecture: name(architecture), accuracy: measured.accuracy, loss: measured.loss))
    }
    return scores
  }

  static func batchNormModules(_ network: Module) -> [BatchNorm] {
    var norms: [BatchNorm] = []
    network.forEachModule { if let norm = $0 as? BatchNorm { norms.append(norm) } }
    return norms
  }

  /// Re-estimates running statistics as the cumulative average over `batches` (PyTorch momentum = None).
  static func recalibrate<Network: ArchitectureNetwork>(
    _ network: Network, norms: [BatchNorm], architecture: Network.Architecture, batches: [Batch]
  ) {
    for norm in norms { norm.resetRunningStatistics() }
    network.train(true)
    withoutGradients {
      for (k, batch) in batches.enumerated() {
        for norm in norms { norm.momentumOverride = 1 / Float(k + 1) }
        _ = network(Tensor(shape: batch.shape, values: batch.images), architecture: architecture)
      }
    }
    for norm in norms { norm.momentumOverride = nil }
  }
}

import CairnCore
import CairnData
import CairnNetworks
import CairnSpaces

extension SupernetScoring {
  /// Scores NB201 architectures (named by their NB201 strings).
  public static func score(
    _ network: NB201Network, architectures: [NB201Architecture], batches: [Batch],
    batchNorm: BatchNormEvaluation = .batchStatistics, calibration: [Batch]? = nil
  ) throws(CairnError) -> [SupernetScore] {
    try score(
      network, architectures: architectures, batches: batches, batchNorm: batchNorm,
      calibration: calibration, name: \.archString)
  }
}

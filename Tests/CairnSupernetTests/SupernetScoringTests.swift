import CairnCore
import CairnData
import CairnEngine
import CairnNetworks
import CairnSpaces
import Testing

@testable import CairnSupernet

@Suite struct SupernetScoringTests {
  func batches(_ count: Int, seed: UInt64) -> [Batch] {
    var random = RandomStream(seed: seed)
    return (0..<count).map { k in
      Batch(
        images: (0..<(8 * 3 * 8 * 8)).map { _ in Float(random.normal()) },
        labels: (0..<8).map { _ in Int32(random.int(below: 10)) }, shape: [8, 3, 8, 8],
        cursor: LoaderCursor(epoch: 0, batch: k))
    }
  }

  @Test func scoresEveryArchitectureDeterministically() throws {
    var random = RandomStream(seed: 1)
    let network = NB201Network.supernet(
      shape: NB201NetworkShape(channels: 4, cellsPerStage: 1), random: &random)
    let architectures = try [0, 1, 2].map { try NB201Space().architecture(at: $0) }
    let data = batches(2, seed: 2)
    let first = try SupernetScoring.score(network, architectures: architectures, batches: data)
    let second = try SupernetScoring.score(network, architectures: architectures, batches: data)
    #expect(first == second)
    #expect(first.count == 3)
    #expect(first.allSatisfy { $0.accuracy >= 0 && $0.accuracy <= 1 && $0.loss > 0 })
    #expect(network.isTraining)
  }

  @Test func recalibrationNeedsRunningStatisticsAndUsesThem() throws {
    var random = RandomStream(seed: 3)
    let shape = NB201NetworkShape(channels: 4, cellsPerStage: 1)
    let untracked = NB201Network.supernet(shape: shape, random: &random)
    let architecture = try NB201Space().architecture(at: 5)
    #expect(throws: CairnError.self) {
      try SupernetScoring.score(
        untracked, architectures: [architecture], batches: batches(1, seed: 4),
        batchNorm: .recalibrated(batches: 2))
    }
    let tracked = NB201Network.supernet(
      shape: shape, batchNorm: BatchNormOptions(affine: true, tracksRunningStatistics: true),
      random: &random)
    let calibration = batches(3, seed: 5)
    _ = try SupernetScoring.score(
      tracked, architectures: [architecture], batches: batches(1, seed: 6),
      batchNorm: .recalibrated(batches: 3),
      calibration: calibration)
    // The stem's running mean is the average of the three calibration batches' means (cumulative average).
    let expected = withoutGradients { () -> [Float] in
      var sums = [Float](repeating: 0, count: 4)
      for batch in calibration {
        let stem = tracked.stem(Tensor(shape: batch.shape, values: batch.images)).toArray()
        for c in 0..<4 {
          var total: Float = 0
          for n in 0..<8 { for i in 0..<64 { total += stem[(n * 4 + c) * 64 + i] } }
          sums[c] += total / 512 / 3
        }
      }
      return sums
    }
    let running = tracked.stemNorm.runningMean!.toArray()
    for c in 0..<4 { #expect(abs(running[c] - expected[c]) < 1e-4) }
  }
}

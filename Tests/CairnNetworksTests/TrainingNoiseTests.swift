import CairnCore
import CairnEngine
import CairnNetworks
import CairnSpaces
import Testing

/// Drop-path zeroes whole samples at the stated rate (scaled by depth), dropout zeroes single features at its
/// rate, the survivors are scaled to keep the expectation, and networks apply them in training mode only.
@Suite struct TrainingNoiseTests {
  @Test func dropPathZeroesOrScalesWholeSamples() {
    var noise = TrainingNoise(dropPath: 0.5, random: RandomStream(seed: 8, name: "drop path"))
    let x = dartsInput([16, 2, 3, 3], seed: 9)
    let y = noise.dropPaths(x).toArray()
    let values = x.toArray()
    var dropped = 0
    for sample in 0..<16 {
      let range = (sample * 18)..<(sample * 18 + 18)
      if y[range].allSatisfy({ $0 == 0 }) {
        dropped += 1
      } else {
        #expect(zip(y[range], values[range]).allSatisfy { abs($0 - 2 * $1) < 1e-6 })
      }
    }
    #expect(dropped > 0 && dropped < 16)
    var off = TrainingNoise.off
    #expect(off.dropPaths(x) === x)
    #expect(off.dropFeatures(x) === x)
  }

  /// Over 4,000 samples the dropped fraction is p · depth fraction within 4 standard errors.
  @Test func dropPathRateScalesWithDepth() {
    let x = Tensor(shape: [4000, 1], values: Array(repeating: 1, count: 4000))
    for (p, fraction) in [(Float(0.4), Float(1)), (0.4, 0.25), (0.2, 0.5)] {
      var noise = TrainingNoise(dropPath: p, random: RandomStream(seed: 3))
      let y = noise.dropPaths(x, depthFraction: fraction).toArray()
      let q = Double(p * fraction)
      let droppedShare = Double(y.filter { $0 == 0 }.count) / 4000
      #expect(abs(droppedShare - q) < 4 * (q * (1 - q) / 4000).squareRoot(), "p \(p) × \(fraction)")
      #expect(y.allSatisfy { $0 == 0 || abs($0 - Float(1 / (1 - q))) < 1e-5 })
    }
  }

  @Test func classifierDropoutZeroesSingleFeaturesAtItsRate() {
    let x = Tensor(shape: [40, 100], values: Array(repeating: 2, count: 4000))
    var noise = TrainingNoise(classifierDropout: 0.3, random: RandomStream(seed: 4))
    let y = noise.dropFeatures(x).toArray()
    let droppedShare = Double(y.filter { $0 == 0 }.count) / 4000
    #expect(abs(droppedShare - 0.3) < 4 * (0.3 * 0.7 / 4000).squareRoot())
    #expect(y.allSatisfy { $0 == 0 || abs($0 - 2 / 0.7) < 1e-5 })
    // Not whole samples: some sample keeps part of its features.
    let rows = (0..<40).map { y[($0 * 100)..<($0 * 100 + 100)] }
    #expect(rows.contains { row in row.contains(0) && row.contains { $0 != 0 } })
  }

  /// In training mode the NB201 and NB101 networks draw masks (the logits change); in evaluation mode they run
  /// the plain forward pass and draw nothing.
  @Test func networksApplyNoiseInTrainingModeOnly() throws {
    var random = RandomStream(seed: 12)
    let nb201 = NB201Network.supernet(
      shape: NB201NetworkShape(channels: 4, cellsPerStage: 1), random: &random)
    let nb101 = try NB101Network.supernet(shape: tinyNB101Shape, random: &random)
    let images = dartsInput([6, 3, 8, 8], seed: 13)
    let cell201 = try NB201Architecture(
      parsing:
        "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|"
    )
    let cell101 = try nb101TestCells()[2]
    let noisy = TrainingNoise(dropPath: 0.6, classifierDropout: 0.5, random: RandomStream(seed: 5))
    func check<N: ArchitectureNetwork>(_ network: N, _ architecture: N.Architecture) {
      network.train(true)
      var noise = noisy
      let trained = network.trainingOutputs(images, architecture: architecture, noise: &noise)
      #expect(noise.random != noisy.random)
      #expect(trained.logits.toArray() != network(images, architecture: architecture).toArray())
      network.train(false)
      var unused = noisy
      let evaluated = network.trainingOutputs(images, architecture: architecture, noise: &unused)
      #expect(unused.random == noisy.random)
      #expect(evaluated.logits.toArray() == network(images, architecture: architecture).toArray())
    }
    check(nb201, cell201)
    check(nb101, cell101)
  }
}

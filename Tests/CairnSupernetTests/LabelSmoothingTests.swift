import CairnCore
import CairnData
import CairnEngine
import CairnNetworks
import CairnSpaces
import Foundation
import Testing

@testable import CairnSupernet
@testable import CairnTraining

/// `training.label_smoothing` ε turns a super-net step's loss into (1 − ε)·CE + ε·mean over classes of −log p.
@Suite struct LabelSmoothingTests {
  @Test func smoothedStepLossMixesCrossEntropyAndMeanNegativeLogLikelihood() throws {
    var random = RandomStream(seed: 11, name: "label smoothing network")
    let network = NB201Network.supernet(
      shape: NB201NetworkShape(channels: 4, cellsPerStage: 1, classes: 10, inputChannels: 3),
      batchNorm: .supernet, sharing: .perEdge, random: &random)
    let values = (0..<(4 * 3 * 8 * 8)).map { _ in Float(random.normal()) }
    let batch = Batch(images: values, labels: [1, 7, 3, 3], shape: [4, 3, 8, 8])
    let sampler = try PathSampler(law: .uniform, space: NB201Space())
    let position = StepPosition(epoch: 0, step: 0, stepsPerEpoch: 1, epochs: 1)
    let epsilon: Float = 0.2

    let plain = SinglePathStrategy<NB201Supernet>(sampler: sampler)
    var plainState = plain.initialState(seed: 3)
    let (crossEntropy, paths) = try plain.trainStep(
      network, batch: batch, at: position, state: &plainState)
    let smoothed = SinglePathStrategy<NB201Supernet>(sampler: sampler, labelSmoothing: epsilon)
    var smoothedState = smoothed.initialState(seed: 3)
    let (loss, smoothedPaths) = try smoothed.trainStep(
      network, batch: batch, at: position, state: &smoothedState)
    #expect(smoothedPaths == paths)

    let logProbabilities = network(
      Tensor(shape: batch.shape, values: values), architecture: paths[0]
    )
    .logSoftmax().toArray().map(Double.init)
    let meanNegativeLogLikelihood = -logProbabilities.reduce(0, +) / Double(logProbabilities.count)
    let expected = Double(1 - epsilon) * crossEntropy + Double(epsilon) * meanNegativeLogLikelihood
    #expect(abs(loss - expected) < 1e-4, "\(loss) vs \(expected)")
    #expect(abs(loss - crossEntropy) > 1e-3, "smoothing changed nothing")
  }
}

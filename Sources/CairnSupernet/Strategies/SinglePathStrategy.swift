import CairnCore
import CairnData
import CairnEngine
import CairnNetworks
import CairnTraining

/// SPOS and FairNAS: the step's paths come from a `PathSampler`; each path's cross-entropy gradient is added
/// (FairNAS accumulates m paths before the one optimizer step). The cross-entropy is label-smoothed by
/// `labelSmoothing` ε: targets (1 − ε) on the label and ε/k on every one of the k classes. Path dropout and
/// classifier dropout act in these forward passes only (`TrainingNoise`, masks from a saved stream).
struct SinglePathStrategy<Binding: SupernetSpace>: SupernetStepStrategy {
  struct State: Codable {
    var samplerRandom: RandomStream
    /// The stream of drop-path and dropout masks (nil in checkpoints written before these options).
    var noiseRandom: RandomStream?
  }

  let sampler: PathSampler<Binding.Space>
  var labelSmoothing: Float = 0
  var pathDropout: Float = 0
  var classifierDropout: Float = 0

  func initialState(seed: UInt64) -> State {
    State(
      samplerRandom: RandomStream(seed: seed, name: "path sampler"),
      noiseRandom: RandomStream(seed: seed, name: "training noise"))
  }

  /// A single-path step as the warm-up of another strategy (GDAS, DARTS), which keeps the sampler's stream and the
  /// drop-path and dropout stream in its own state (nil in checkpoints written before it did).
  func warmupStep(
    _ network: Network, batch: Batch, at position: StepPosition,
    samplerRandom: inout RandomStream, noiseRandom: inout RandomStream?
  ) throws -> (loss: Double, paths: [Architecture]) {
    var single = State(samplerRandom: samplerRandom, noiseRandom: noiseRandom)
    defer {
      samplerRandom = single.samplerRandom
      noiseRandom = single.noiseRandom
    }
    return try trainStep(network, batch: batch, at: position, state: &single)
  }

  func trainStep(
    _ network: Network, batch: Batch, at position: StepPosition, state: inout State
  ) throws -> (loss: Double, paths: [Architecture]) {
    let images = Tensor(shape: batch.shape, values: batch.images)
    let paths = sampler.nextStep(using: &state.samplerRandom)
    var noise = TrainingNoise(
      dropPath: pathDropout, classifierDropout: classifierDropout,
      random: state.noiseRandom ?? RandomStream(seed: 0, name: "training noise"))
    var loss = 0.0
    for path in paths {
      let logits = network.trainingOutputs(images, architecture: path, noise: &noise).logits
      let taskLoss = logits.softmaxCrossEntropy(
        labels: batch.labels, labelSmoothing: labelSmoothing)
      loss += Double(taskLoss.item) / Double(paths.count)
      taskLoss.backward()
    }
    state.noiseRandom = noise.random
    return (loss, paths)
  }
}

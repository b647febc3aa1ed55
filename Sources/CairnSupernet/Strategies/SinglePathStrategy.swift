import CairnCore
import CairnData
import CairnEngine
import CairnTraining

/// SPOS and FairNAS: the step's paths come from a `PathSampler`; each path's cross-entropy gradient is added
/// (FairNAS accumulates m paths before the one optimizer step). The cross-entropy is label-smoothed by
/// `labelSmoothing` ε: targets (1 − ε) on the label and ε/k on every one of the k classes.
struct SinglePathStrategy<Binding: SupernetSpace>: SupernetStepStrategy {
  struct State: Codable {
    var samplerRandom: RandomStream
  }

  let sampler: PathSampler<Binding.Space>
  var labelSmoothing: Float = 0

  func initialState(seed: UInt64) -> State {
    State(samplerRandom: RandomStream(seed: seed, name: "path sampler"))
  }

  func trainStep(
    _ network: Network, batch: Batch, at position: StepPosition, state: inout State
  ) throws -> (loss: Double, paths: [Architecture]) {
    let images = Tensor(shape: batch.shape, values: batch.images)
    let paths = sampler.nextStep(using: &state.samplerRandom)
    var loss = 0.0
    for path in paths {
      let taskLoss = network(images, architecture: path).softmaxCrossEntropy(
        labels: batch.labels, labelSmoothing: labelSmoothing)
      loss += Double(taskLoss.item) / Double(paths.count)
      taskLoss.backward()
    }
    return (loss, paths)
  }
}

import CairnCore
import CairnData
import CairnEngine
import CairnTraining
import Foundation

/// A super-net run as a `TrainingTask`: the strategy's paths on the training batch, the landmark term on a
/// validation batch, GDAS's architecture step after the optimizer step; evaluation, landmark rounds and the
/// result at epoch ends.
final class SupernetTask<Strategy: SupernetStepStrategy>: TrainingTask {
  typealias Binding = Strategy.Binding
  typealias Network = Binding.Network

  struct State: Codable {
    var strategy: Strategy.State
    var landmark: LandmarkTerm<Network>.State?
    var validationCursor: LoaderCursor
    /// The evaluation pool, in the space's text form.
    var pool: [String]
  }

  let run: SupernetRun<Binding>
  let network: Network
  let strategy: Strategy
  let landmarkTerm: LandmarkTerm<Network>?
  let validation: ValidationBatches
  let scoringBatches: [Batch]
  private var last: SupernetEvaluationResult?

  init(
    run: SupernetRun<Binding>, network: Network, strategy: Strategy,
    landmarkTerm: LandmarkTerm<Network>?, validation: ValidationBatches, scoringBatches: [Batch]
  ) {
    self.run = run
    self.network = network
    self.strategy = strategy
    self.landmarkTerm = landmarkTerm
    self.validation = validation
    self.scoringBatches = scoringBatches
  }

  func step(_ batch: Batch, at position: StepPosition, state: inout State) throws -> StepOutcome {
    network.train(true)
    let (loss, paths) = try strategy.trainStep(
      network, batch: batch, at: position, state: &state.strategy)
    var landmarkLoss = 0.0
    if let landmarkTerm, var landmark = state.landmark {
      landmarkLoss = landmarkTerm.step(
        network, validation: validation, epoch: position.epoch, state: &landmark)
      state.landmark = landmark
    }
    state.validationCursor = validation.cursor
    return StepOutcome(
      loss: loss, auxiliaryLoss: landmarkLoss, images: batch.count,
      imagesProcessed: batch.count * max(paths.count, 1))
  }

  func afterOptimizerStep(at position: StepPosition, state: inout State) throws {
    try strategy.afterOptimizerStep(
      network, validation: validation, at: position, state: &state.strategy)
    state.validationCursor = validation.cursor
  }

  var correctsAfterStep: Bool { strategy.correctsAfterStep }

  func correctionPass(_ batch: Batch, at position: StepPosition, state: inout State) throws -> Bool
  {
    try strategy.correctionPass(network, batch: batch, at: position, state: &state.strategy)
  }

  func endEpoch(_ epoch: Int, finished: Bool, state: inout State, event: inout EpochEvent) throws {
    let c = run.configuration
    event.trainAccuracy = nil
    event.landmarkWeight = landmarkTerm?.weight(atEpoch: epoch - 1) ?? 0
    strategy.describe(state.strategy, epoch: epoch, into: &event)
    if epoch % c.evaluation.every == 0 || finished {
      let result = try run.evaluate(
        network, pool: state.pool, batches: scoringBatches, epoch: epoch,
        derived: strategy.derivedArchitecture(state.strategy))
      last = result
      event.kendallTau = result.report.kendallTau.value
      event.sparseKendallTau = result.report.sparseKendallTauLandmarkAuthors.value
      event.spearman = result.report.spearmanRho.value
      event.precisionAtK = result.report.precisionAtK.value
      run.onLog?(result.summaryLine(epoch: epoch, topK: c.evaluation.topK))
    }
    if !finished, var landmark = state.landmark,
      let round = run.landmarkRound(endingAfterEpoch: epoch)
    {
      let added = try run.extendLandmarks(
        landmark.landmarks, network: network, pool: state.pool, batches: scoringBatches,
        round: round)
      landmark.landmarks = added.landmarks
      state.landmark = landmark
      event.landmarksAdded = added.newcomers
      event.landmarkCount = added.landmarks.count
      run.onLog?(
        "round \(round) done after epoch \(epoch): \(added.newcomers.count) landmark(s) added, \(added.landmarks.count) in all"
      )
    }
  }

  func finish(state: State, loop: LoopState) throws -> SupernetEvaluationResult {
    var result = try last ?? evaluateFinal(state: state, epoch: run.configuration.training.epochs)
    result.seconds = loop.trainingSeconds
    try run.writeResult(result)
    return result
  }

  func finishedResult(state: State, loop: LoopState) throws -> SupernetEvaluationResult {
    if let saved = try? SupernetTrainer.savedResult(in: run.directory) { return saved }
    return try finish(state: state, loop: loop)
  }

  func evaluateFinal(state: State, epoch: Int) throws -> SupernetEvaluationResult {
    try run.evaluate(
      network, pool: state.pool, batches: scoringBatches, epoch: epoch,
      derived: strategy.derivedArchitecture(state.strategy))
  }
}

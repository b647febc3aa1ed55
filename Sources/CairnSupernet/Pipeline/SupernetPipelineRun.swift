import CairnCore
import CairnTraining
import Foundation

/// Trains a `SupernetPipeline`'s stages in order in one directory; a finished stage is read back, an interrupted
/// one resumes from its checkpoint.
public final class SupernetPipelineRun {
  public let pipeline: SupernetPipeline
  public let directory: String
  /// Called before each stage starts, resumes or is read back: 0-based index, the stage, its run directory,
  /// whether it had already finished.
  public var onStage: ((Int, SupernetPipeline.Stage, RunDirectory, Bool) -> Void)?
  /// Called with each stage's trainer before it trains (progress bars, logs).
  public var onTrainer: ((SupernetTrainer) -> Void)?
  /// For tests of resumption: stop (as if interrupted) after this many steps of this stage (0-based index).
  public var stopInStage: (stage: Int, afterSteps: Int)?

  public init(pipeline: SupernetPipeline, directory: String) {
    self.pipeline = pipeline
    self.directory = directory
  }

  /// Each stage's run directory, in order.
  public var stageDirectories: [RunDirectory] {
    pipeline.stages.enumerated().map { index, stage in
      RunDirectory(SupernetPipeline.stageDirectory(directory, index: index, name: stage.name))
    }
  }

  /// Builds every stage's trainer without training, so that a bad stage stops the pipeline before it starts
  /// (the ground truth and each stage's configuration are checked; initialization is read when a stage starts).
  public func checkStages() throws {
    for (index, run) in stageDirectories.enumerated() {
      var configuration = pipeline.configuration(stage: index, directory: directory)
      configuration.initialization = nil
      _ = try SupernetTrainer(configuration: configuration, runDirectory: run)
    }
  }

  /// Trains (or resumes) every stage; returns each stage's final evaluation, in order.
  public func train() throws -> [SupernetEvaluationResult] {
    try checkStages()
    var results: [SupernetEvaluationResult] = []
    for (index, run) in stageDirectories.enumerated() {
      let stage = pipeline.stages[index]
      if FileManager.default.fileExists(atPath: run.resultURL.path) {
        onStage?(index, stage, run, true)
        results.append(try SupernetTrainer.savedResult(in: run))
        continue
      }
      onStage?(index, stage, run, false)
      let trainer = try SupernetTrainer(
        configuration: pipeline.configuration(stage: index, directory: directory),
        runDirectory: run)
      if let stopInStage, stopInStage.stage == index {
        trainer.stopAfterSteps = stopInStage.afterSteps
      }
      onTrainer?(trainer)
      results.append(try trainer.train())
    }
    return results
  }
}

import CairnCore
import CairnData
import CairnEngine
import CairnTraining
import Foundation

/// Trains a super-net of any registered space with the step strategy its configuration names (SPOS, FairNAS or
/// GDAS), optionally with landmark regularization, and ranks an evaluation pool against ground truth every few
/// epochs.
///
/// One step: the strategy's paths add their cross-entropy gradients on the training batch; when landmarks are on
/// and λ(epoch) > 0, the next validation batch and each sampled landmark pair (worse, better) add the gradient of
/// λ·φ(L(better) − L(worse)); gradients are reduced (data-parallel runs), clipped, and one SGD step follows
/// (GDAS then moves α on a validation batch). Checkpoints hold every random stream, both loader cursors, the
/// landmark set and the pool, so a killed run resumes to the same weights.
public final class SupernetTrainer: ReportsProgress {
  public let configuration: SupernetConfiguration
  public let run: RunDirectory
  public var onProgress: ((TrainingProgress) -> Void)?
  public var onLog: ((String) -> Void)?
  /// Stops (as if interrupted) after this many steps in this process; for tests of resumption.
  public var stopAfterSteps: Int?
  /// Averages gradients across processes between the backward passes and clipping (data-parallel training).
  public var gradientReducer: GradientReducer?
  /// Combines each step's loss and counts over the processes (data-parallel training).
  public var outcomeReducer: OutcomeReducer?
  /// The slice of every training and validation batch this process takes (data-parallel training); scoring
  /// batches stay whole, so every process scores the pool alike.
  public var dataShard: DataShard = .whole
  /// The share of each pool evaluation this process scores, and how the processes combine their scores
  /// (data-parallel training); nil: every process scores the whole pool.
  public var scoringShare: ScoringShare?
  /// For tests of the non-finite-loss stop: the 0-based global step whose task loss is replaced by NaN.
  var poisonedStep: Int?
  private let spaceRun: any AnySupernetRun

  /// Checks the configuration (every key, and the space's own) and the ground truth it names.
  public init(configuration: SupernetConfiguration, runDirectory: RunDirectory) throws(CairnError) {
    self.configuration = configuration
    run = runDirectory
    spaceRun = try SupernetRegistry.run(configuration, directory: runDirectory)
  }

  /// Runs (or resumes) training; returns the last evaluation.
  public func train() throws -> SupernetEvaluationResult {
    let hooks = SupernetHooks(
      onProgress: onProgress, onLog: onLog, stopAfterSteps: stopAfterSteps,
      poisonedStep: poisonedStep, gradientReducer: gradientReducer,
      outcomeReducer: outcomeReducer, dataShard: dataShard, scoringShare: scoringShare)
    return try withConvolutionPrecision(configuration.precision) { try spaceRun.train(hooks) }
  }

  /// Scores the evaluation pool with the weights of the run's latest checkpoint and rewrites scores.csv and
  /// ranking.json (`cairn rank RUN_DIR`).
  public func rankCheckpoint() throws -> SupernetEvaluationResult {
    try withConvolutionPrecision(configuration.precision) { try spaceRun.rankCheckpoint() }
  }

  /// A scorer over the weights of the run's latest checkpoint: any architectures of the space (as text), scored on
  /// the run's scoring batches with its batch-norm evaluation policy.
  public func checkpointScorer() throws -> SupernetScorer {
    let scorer = try spaceRun.checkpointScorer()
    let precision = configuration.precision
    return SupernetScorer { (architectures) throws(CairnError) in
      try withConvolutionPrecision(precision) { () throws(CairnError) in try scorer(architectures) }
    }
  }

  /// The trainer of the super-net run in `directory`, configured from its config.json.
  public static func trainer(forRunAt directory: String) throws(CairnError) -> SupernetTrainer {
    let url = URL(fileURLWithPath: directory).appendingPathComponent("config.json")
    guard FileManager.default.fileExists(atPath: url.path) else {
      throw .invalidFile(
        path: url.path, problem: "no such file; is \(directory) a super-net run directory?")
    }
    let configuration: SupernetConfiguration
    do {
      configuration = try JSONDecoder().decode(
        SupernetConfiguration.self, from: try Data(contentsOf: url))
    } catch {
      throw .invalidFile(
        path: url.path, problem: "not a super-net run configuration (\(error.localizedDescription))"
      )
    }
    do {
      return try SupernetTrainer(
        configuration: configuration, runDirectory: RunDirectory(directory))
    } catch {
      throw .invalidFile(path: url.path, problem: error.description)
    }
  }

  /// The final evaluation of a finished run in `run`, read from its result.json.
  public static func savedResult(in run: RunDirectory) throws(CairnError)
    -> SupernetEvaluationResult
  {
    let url = run.resultURL
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      throw .invalidFile(path: url.path, problem: "cannot read (\(error.localizedDescription))")
    }
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    do {
      return try decoder.decode(SupernetEvaluationResult.self, from: data)
    } catch {
      throw .invalidFile(path: url.path, problem: "not a super-net result (\(error))")
    }
  }
}

/// A long-running job that reports progress and log lines (the trainers and experiments).
public protocol ReportsProgress: AnyObject {
  var onProgress: ((TrainingProgress) -> Void)? { get set }
  var onLog: ((String) -> Void)? { get set }
}

extension StandaloneTrainer: ReportsProgress {}

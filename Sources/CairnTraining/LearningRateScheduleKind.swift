import CairnEngine

/// The learning-rate schedules a configuration can name (`training.schedule`).
public enum LearningRateScheduleKind: String, CaseIterable, Sendable {
  /// Cosine annealing from the base rate to the minimum over the epochs after warm-up (PyTorch's
  /// CosineAnnealingLR, stepped every batch).
  case cosine
  /// Step decay: the rate times γ every `step_epochs` epochs.
  case step
  /// The base rate throughout.
  case constant
  /// Cosine annealing with warm restarts (SGDR): the cosine to the minimum over each period, `restarts` + 1
  /// equal periods in all (the landmark authors' `cosinewarm`: one restart at mid-training).
  case cosineRestarts = "cosine-restarts"

  /// The schedule over `epochs` epochs, after a linear warm-up of `warmupEpochs` epochs from 0 when positive;
  /// `restarts` is the number of warm restarts of `cosine-restarts`.
  public func schedule(
    base: Float, minimum: Float, epochs: Int, stepEpochs: Double, gamma: Float,
    warmupEpochs: Double, restarts: Int = 1
  ) -> any LearningRateSchedule {
    let length = Double(epochs) - warmupEpochs
    let main: any LearningRateSchedule
    switch self {
    case .cosine: main = CosineAnnealing(base: base, minimum: minimum, length: length)
    case .step: main = StepDecay(base: base, gamma: gamma, stepSize: stepEpochs)
    case .constant: main = ConstantRate(base)
    case .cosineRestarts:
      main = CosineWarmRestarts(base: base, minimum: minimum, period: length / Double(restarts + 1))
    }
    guard warmupEpochs > 0 else { return main }
    return LinearWarmup(warmup: warmupEpochs, then: AnySchedule(main))
  }
}

/// A schedule behind the protocol, so that warm-up can wrap any kind.
struct AnySchedule: LearningRateSchedule {
  let wrapped: any LearningRateSchedule
  init(_ wrapped: any LearningRateSchedule) { self.wrapped = wrapped }
  func rate(at t: Double) -> Float { wrapped.rate(at: t) }
}

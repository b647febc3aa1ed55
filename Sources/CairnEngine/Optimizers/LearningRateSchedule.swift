import Foundation

/// A learning rate as a function of training progress, measured in (possibly fractional) epochs or steps.
public protocol LearningRateSchedule: Sendable {
  /// The rate at progress `t` (0 at the start).
  func rate(at t: Double) -> Float
}

/// Cosine annealing from `base` to `minimum` over `length` (PyTorch's CosineAnnealingLR, η_min = minimum):
/// η(t) = η_min + (η_base − η_min) · (1 + cos(π t / T)) / 2, held at η_min after T.
public struct CosineAnnealing: LearningRateSchedule {
  public var base: Float
  public var minimum: Float
  public var length: Double

  public init(base: Float, minimum: Float = 0, length: Double) {
    precondition(length > 0, "cosine schedule length must be positive")
    self.base = base
    self.minimum = minimum
    self.length = length
  }

  public func rate(at t: Double) -> Float {
    let progress = min(max(t / length, 0), 1)
    return minimum + (base - minimum) * Float((1 + cos(Double.pi * progress)) / 2)
  }
}

/// Step decay: η(t) = η_base · γ^⌊t / stepSize⌋.
public struct StepDecay: LearningRateSchedule {
  public var base: Float
  public var gamma: Float
  public var stepSize: Double

  public init(base: Float, gamma: Float = 0.1, stepSize: Double) {
    precondition(stepSize > 0, "step size must be positive")
    self.base = base
    self.gamma = gamma
    self.stepSize = stepSize
  }

  public func rate(at t: Double) -> Float {
    base * Foundation.pow(gamma, Float((max(t, 0) / stepSize).rounded(.down)))
  }
}

/// Linear warm-up from 0 over `warmup`, then another schedule shifted to start after the warm-up:
/// η(t) = η_next(0) · t / warmup for t < warmup, else η_next(t − warmup).
public struct LinearWarmup<Next: LearningRateSchedule>: LearningRateSchedule {
  public var warmup: Double
  public var next: Next

  public init(warmup: Double, then next: Next) {
    precondition(warmup >= 0, "warm-up length must be non-negative")
    self.warmup = warmup
    self.next = next
  }

  public func rate(at t: Double) -> Float {
    if t < warmup { return next.rate(at: 0) * Float(t / warmup) }
    return next.rate(at: t - warmup)
  }
}

/// A constant rate.
public struct ConstantRate: LearningRateSchedule {
  public var value: Float
  public init(_ value: Float) { self.value = value }
  public func rate(at t: Double) -> Float { value }
}

/// Cosine annealing with warm restarts (SGDR; PyTorch's CosineAnnealingWarmRestarts with T_mult = 1): the cosine
/// from `base` to `minimum` over each `period`, restarting at `base` at every multiple of it:
/// η(t) = η_min + (η_base − η_min) · (1 + cos(π (t mod T) / T)) / 2.
public struct CosineWarmRestarts: LearningRateSchedule {
  public var base: Float
  public var minimum: Float
  public var period: Double

  public init(base: Float, minimum: Float = 0, period: Double) {
    precondition(period > 0, "warm-restart period must be positive")
    self.base = base
    self.minimum = minimum
    self.period = period
  }

  public func rate(at t: Double) -> Float {
    CosineAnnealing(base: base, minimum: minimum, length: period)
      .rate(at: max(t, 0).truncatingRemainder(dividingBy: period))
  }
}

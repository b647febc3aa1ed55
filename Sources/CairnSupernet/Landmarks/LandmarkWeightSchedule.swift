import CairnCore
import Foundation

/// The landmark-loss weight λ(e) per epoch (landmark spec §2, paper eq. 7; the reference's `adjust_landmark_coef`).
///
/// Call `weight(atEpoch:)` once per epoch, at its start, with the global 0-based epoch e; the reference has no
/// per-step granularity. With λ0 = `initialWeight`, E = `totalEpochs`, W = `supernetWarmupEpochs` and
/// Wl = `landmarkWarmupEpochs`:
///
/// - e < W: λ = 0, and the landmark term is not computed at all (`isActive(atEpoch:)` is false). Let e′ = e − W.
/// - The "increase" kinds force Wl = 0 (`effectiveLandmarkWarmupEpochs`), as the reference code does.
/// - T = E − Wl − W.
/// - Linear warm-up when Wl > 0 and e′ < Wl: (e′ + 2)/(Wl + 1) or (e′ + 1)/(Wl + 1), see `LandmarkWarmupForm`.
/// - Otherwise, with u = e′ − Wl, the factor of `kind`; λ = λ0 · factor.
///
/// Epochs at or past E follow the same formulas (the step kinds stay in their last quarter; the cosines continue),
/// as the reference code does.
public struct LandmarkWeightSchedule: Hashable, Sendable, CustomStringConvertible {
  /// The shape of λ(e)/λ0 after the warm-ups.
  public enum Kind: Hashable, Codable, Sendable {
    /// 1.
    case constant
    /// 1, 0.1, 0.01, 0.001 on u in [0, T/4), [T/4, T/2), [T/2, (T/4)·3), [(T/4)·3, ∞), integer divisions as in the
    /// reference (`T // 4 * 3`, not `3 * T // 4`).
    case linearStepDecrease
    /// 0, 0.01, 0.1, 1 on the same quarters (with Wl forced to 0).
    case linearStepIncrease
    /// ½(1 + cos(π(u + 1)/T)).
    case cosineDecrease
    /// The reference default; see `LandmarkCosineIncreaseForm` for its two formulas (Wl forced to 0).
    case cosineIncrease(form: LandmarkCosineIncreaseForm)

    /// Reads the reference's `landmark_loss_coef_scheduler` names (`constant`, `linear_step_decrease`,
    /// `linear_step_increase`, `cosine_decrease`, `cosine_increase`); throws naming the option for any other.
    public init(
      referenceName name: String, cosineIncreaseForm: LandmarkCosineIncreaseForm = .codeFaithful
    )
      throws(CairnError)
    {
      switch name {
      case "constant": self = .constant
      case "linear_step_decrease": self = .linearStepDecrease
      case "linear_step_increase": self = .linearStepIncrease
      case "cosine_decrease": self = .cosineDecrease
      case "cosine_increase": self = .cosineIncrease(form: cosineIncreaseForm)
      default:
        throw .invalidInput(
          "unknown landmark weight schedule '\(name)'; supported: constant, linear_step_decrease, "
            + "linear_step_increase, cosine_decrease, cosine_increase")
      }
    }

    /// The reference code's name.
    public var referenceName: String {
      switch self {
      case .constant: return "constant"
      case .linearStepDecrease: return "linear_step_decrease"
      case .linearStepIncrease: return "linear_step_increase"
      case .cosineDecrease: return "cosine_decrease"
      case .cosineIncrease: return "cosine_increase"
      }
    }

    /// Whether the reference name contains "increase", which forces Wl = 0.
    public var isIncrease: Bool {
      switch self {
      case .linearStepIncrease, .cosineIncrease: return true
      default: return false
      }
    }
  }

  /// The shape after the warm-ups.
  public let kind: Kind
  /// λ0, the reference's `landmark_loss_coef` (10 in every script).
  public let initialWeight: Double
  /// E, the total number of super-net epochs.
  public let totalEpochs: Int
  /// W, the super-net warm-up epochs without the landmark loss.
  public let supernetWarmupEpochs: Int
  /// Wl as configured; see `effectiveLandmarkWarmupEpochs` for the value used.
  public let landmarkWarmupEpochs: Int
  /// The linear warm-up formula.
  public let warmupForm: LandmarkWarmupForm

  /// Creates and validates a schedule; the defaults are the reference scripts' (cosine increase as coded, λ0 = 10).
  ///
  /// Throws `CairnError.invalidInput` naming the value when λ0 is negative or not finite, E ≤ 0, W is outside
  /// 0..<E, Wl < 0, or (for the kinds that keep Wl) W + Wl ≥ E, which leaves T ≤ 0.
  public init(
    _ kind: Kind = .cosineIncrease(form: .codeFaithful), initialWeight: Double = 10,
    totalEpochs: Int, supernetWarmupEpochs: Int, landmarkWarmupEpochs: Int = 0,
    warmupForm: LandmarkWarmupForm = .codeFaithful
  ) throws(CairnError) {
    guard initialWeight.isFinite, initialWeight >= 0 else {
      throw .invalidInput("landmark loss weight λ0 must be finite and >= 0, got \(initialWeight)")
    }
    guard totalEpochs > 0 else {
      throw .invalidInput("landmark schedule total epochs E must be positive, got \(totalEpochs)")
    }
    guard (0..<totalEpochs).contains(supernetWarmupEpochs) else {
      throw .invalidInput(
        "super-net warm-up epochs W must be in 0..<\(totalEpochs) (below the total epochs E), "
          + "got \(supernetWarmupEpochs)")
    }
    guard landmarkWarmupEpochs >= 0 else {
      throw .invalidInput(
        "landmark warm-up epochs Wl must not be negative, got \(landmarkWarmupEpochs)")
    }
    if !kind.isIncrease && supernetWarmupEpochs + landmarkWarmupEpochs >= totalEpochs {
      throw .invalidInput(
        "landmark warm-up epochs Wl = \(landmarkWarmupEpochs) leave no epochs for \(kind.referenceName): "
          + "W + Wl must be below E (W = \(supernetWarmupEpochs), E = \(totalEpochs))")
    }
    self.kind = kind
    self.initialWeight = initialWeight
    self.totalEpochs = totalEpochs
    self.supernetWarmupEpochs = supernetWarmupEpochs
    self.landmarkWarmupEpochs = landmarkWarmupEpochs
    self.warmupForm = warmupForm
  }

  /// Wl as used: 0 for the "increase" kinds, else `landmarkWarmupEpochs`.
  public var effectiveLandmarkWarmupEpochs: Int { kind.isIncrease ? 0 : landmarkWarmupEpochs }

  /// T = E − Wl − W, the epochs the shape is spread over.
  public var scheduledEpochs: Int {
    totalEpochs - effectiveLandmarkWarmupEpochs - supernetWarmupEpochs
  }

  /// Whether the landmark loss is computed at epoch `epoch` (e ≥ W).
  public func isActive(atEpoch epoch: Int) -> Bool { epoch >= supernetWarmupEpochs }

  /// λ(e)/λ0 at the global 0-based epoch `epoch` (≥ 0).
  public func factor(atEpoch epoch: Int) -> Double {
    precondition(epoch >= 0, "epoch must not be negative, got \(epoch)")
    guard isActive(atEpoch: epoch) else { return 0 }
    let shifted = epoch - supernetWarmupEpochs  // e′
    let warmup = effectiveLandmarkWarmupEpochs  // Wl
    if warmup > 0 && shifted < warmup {
      switch warmupForm {
      case .codeFaithful: return Double(shifted + 2) / Double(warmup + 1)
      case .intended: return Double(shifted + 1) / Double(warmup + 1)
      }
    }
    let u = shifted - warmup
    let t = scheduledEpochs
    let quarter = t / 4
    let half = t / 2
    let threeQuarters = t / 4 * 3
    switch kind {
    case .constant:
      return 1
    case .linearStepDecrease:
      if u < quarter { return 1 }
      if u < half { return 1e-1 }
      if u < threeQuarters { return 1e-2 }
      return 1e-3
    case .linearStepIncrease:
      if u < quarter { return 0 }
      if u < half { return 1e-2 }
      if u < threeQuarters { return 1e-1 }
      return 1
    case .cosineDecrease:
      return 0.5 * (1 + cos(Double.pi * Double(u + 1) / Double(t)))
    case .cosineIncrease(.codeFaithful):
      return 0.5 * (1 + cos(Double.pi * (Double(shifted + 1) / Double(totalEpochs) + 1)))
    case .cosineIncrease(.paperExact):
      return 0.5
        * (1 - cos(Double.pi * Double(shifted) / Double(totalEpochs - supernetWarmupEpochs)))
    }
  }

  /// λ(e) = λ0 · factor(e) at the global 0-based epoch `epoch`.
  public func weight(atEpoch epoch: Int) -> Double {
    initialWeight * factor(atEpoch: epoch)
  }

  /// The largest λ over the training epochs 0..<E and the first epoch reaching it.
  public var peak: (epoch: Int, weight: Double) {
    var best = (epoch: 0, weight: weight(atEpoch: 0))
    for epoch in 1..<totalEpochs {
      let value = weight(atEpoch: epoch)
      if value > best.weight { best = (epoch, value) }
    }
    return best
  }

  /// One line for reports, such as
  /// `cosine_increase (code form), λ0 = 10, E = 400, W = 150, Wl = 0; peak λ = 6.913 at epoch 399`.
  public var description: String {
    var text = kind.referenceName
    if case .cosineIncrease(let form) = kind {
      text += form == .codeFaithful ? " (code form)" : " (paper form)"
    }
    text += ", λ0 = \(Self.format(initialWeight)), E = \(totalEpochs), W = \(supernetWarmupEpochs)"
    if kind.isIncrease && landmarkWarmupEpochs > 0 {
      text += ", Wl = 0 (\(landmarkWarmupEpochs) ignored by \(kind.referenceName))"
    } else if effectiveLandmarkWarmupEpochs > 0 {
      let form = warmupForm == .codeFaithful ? "(e′+2)/(Wl+1)" : "(e′+1)/(Wl+1)"
      text += ", Wl = \(effectiveLandmarkWarmupEpochs) with warm-up \(form)"
    } else {
      text += ", Wl = 0"
    }
    let top = peak
    text += "; peak λ = \(Self.format(top.weight)) at epoch \(top.epoch)"
    return text
  }

  static func format(_ value: Double) -> String {
    String(format: "%.4g", value)
  }
}

extension LandmarkWeightSchedule: Codable {
  private enum CodingKeys: String, CodingKey {
    case kind, initialWeight, totalEpochs, supernetWarmupEpochs, landmarkWarmupEpochs, warmupForm
  }

  /// Decodes and validates a schedule.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    do {
      try self.init(
        try container.decode(Kind.self, forKey: .kind),
        initialWeight: try container.decode(Double.self, forKey: .initialWeight),
        totalEpochs: try container.decode(Int.self, forKey: .totalEpochs),
        supernetWarmupEpochs: try container.decode(Int.self, forKey: .supernetWarmupEpochs),
        landmarkWarmupEpochs: try container.decode(Int.self, forKey: .landmarkWarmupEpochs),
        warmupForm: try container.decode(LandmarkWarmupForm.self, forKey: .warmupForm))
    } catch let error as CairnError {
      throw DecodingError.dataCorruptedError(
        forKey: .kind, in: container, debugDescription: error.description)
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(kind, forKey: .kind)
    try container.encode(initialWeight, forKey: .initialWeight)
    try container.encode(totalEpochs, forKey: .totalEpochs)
    try container.encode(supernetWarmupEpochs, forKey: .supernetWarmupEpochs)
    try container.encode(landmarkWarmupEpochs, forKey: .landmarkWarmupEpochs)
    try container.encode(warmupForm, forKey: .warmupForm)
  }
}

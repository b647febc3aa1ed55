/// Which formula `cosineIncrease` uses (landmark spec §2).
public enum LandmarkCosineIncreaseForm: String, CaseIterable, Codable, Hashable, Sendable {
  /// The reference code: factor = ½(1 + cos(π((e′+1)/E + 1))) = ½(1 − cos(π(e′+1)/E)) with e′ = e − W. It divides by
  /// the total E rather than E − W, so with W > 0 it never reaches 1: at the last epoch it is ½(1 − cos(π(E−W)/E)),
  /// 0.691 for E = 400, W = 150.
  case codeFaithful
  /// The paper's form (unconfirmed in code): factor = ½(1 − cos(π(e − W)/(E − W))), 0 at e = W, rising to 1 at
  /// e = E (the end of training); the last epoch, e = E − 1, gets ½(1 − cos(π(E−W−1)/(E−W))).
  case paperExact
}

/// Which formula the linear landmark warm-up uses when Wl > 0 and e′ < Wl (landmark spec §2).
public enum LandmarkWarmupForm: String, CaseIterable, Codable, Hashable, Sendable {
  /// The reference code: factor = (e′ + 2)/(Wl + 1). The "+2" comes from adding (batch_idx + 1)/total_batchs = 2
  /// with the per-epoch call; the factor is already 1 at e′ = Wl − 1.
  case codeFaithful
  /// The probable intent: factor = (e′ + 1)/(Wl + 1), rising by 1/(Wl + 1) per epoch to Wl/(Wl + 1).
  case intended
}

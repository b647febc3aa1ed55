import CairnCore
import CairnEngine
import CairnTraining

/// The quadruple relative similarity loss L_QRS of the transferability-encouraging tri-level method (Sheth & Xie,
/// ICLR 2023), as Cairn defines it — only the paper's abstract could be read, so the form is Cairn's choice and an
/// option: for quadruples (i, j, k, l) of one batch, the auxiliary model should order the similarity of samples i
/// and j against that of k and l as the main model does. Similarities are cosine similarities of the models'
/// pooled features; the target order t = sign(S_main[i, j] − S_main[k, l]) is taken from the main model as a
/// constant (ties are skipped); the loss is logistic, log(1 + exp(−t·Δ/τ)), or hinge, max(0, τ − t·Δ), on the
/// auxiliary model's Δ = S_aux[i, j] − S_aux[k, l], averaged over the quadruples. The `soft` form takes the main
/// model's order as the probability σ(Δ_main/τ) and the binary cross-entropy of σ(Δ_aux/τ) against it, and is
/// differentiated in both models' features: the tri-level method's architecture step needs L_QRS to reach the
/// main model, which sign targets never do.
public struct QuadrupleRelativeSimilarity: Sendable {
  /// The loss on each quadruple's similarity difference.
  public enum Form: String, ConfigurationChoice {
    case logistic
    case hinge
    case soft
  }

  /// Quadruples drawn per batch.
  public var quadruples = 256
  public var form: Form = .logistic
  /// τ: the logistic form's temperature, the hinge form's margin.
  public var temperature: Float = 0.1

  public init(quadruples: Int = 256, form: Form = .logistic, temperature: Float = 0.1) {
    self.quadruples = quadruples
    self.form = form
    self.temperature = temperature
  }

  /// Quadruples (i, j, k, l) of a batch of `count` samples with i ≠ j, k ≠ l and {i, j} ≠ {k, l}.
  public static func draw(_ number: Int, batch count: Int, random: inout RandomStream)
    -> [(Int, Int, Int, Int)]
  {
    guard count >= 3 else { return [] }
    var result: [(Int, Int, Int, Int)] = []
    result.reserveCapacity(number)
    func pair() -> (Int, Int) {
      let i = random.int(below: count)
      var j = random.int(below: count - 1)
      if j >= i { j += 1 }
      return (i, j)
    }
    while result.count < number {
      let (i, j) = pair()
      let (k, l) = pair()
      if Set([i, j]) == Set([k, l]) { continue }
      result.append((i, j, k, l))
    }
    return result
  }

  /// L_QRS of the auxiliary model's features [N, D'] (differentiated) against the main model's [N, D] (constant,
  /// except in the soft form), with quadruples drawn from `random`; zero when every drawn quadruple ties under the
  /// main model (or the batch has fewer than 3 samples).
  public func loss(auxiliary: Tensor, main: Tensor, random: inout RandomStream) -> Tensor {
    let n = auxiliary.shape[0]
    if form == .soft {
      let quadruples = Self.draw(quadruples, batch: n, random: &random)
      guard !quadruples.isEmpty else { return Tensor(scalar: 0) }
      return auxiliary.rowCosineSimilarities().quadrupleAgreementLoss(
        with: main.rowCosineSimilarities(), quadruples, temperature: temperature)
    }
    let target = withoutGradients { main.detached().rowCosineSimilarities().toArray() }
    var kept: [(Int, Int, Int, Int)] = []
    var signs: [Float] = []
    for (i, j, k, l) in Self.draw(quadruples, batch: n, random: &random) {
      let difference = target[i * n + j] - target[k * n + l]
      guard difference != 0 else { continue }
      kept.append((i, j, k, l))
      signs.append(difference > 0 ? 1 : -1)
    }
    guard !kept.isEmpty else { return Tensor(scalar: 0) }
    return auxiliary.rowCosineSimilarities().quadrupleRankingLoss(
      kept, targets: signs, logistic: form == .logistic, temperature: temperature)
  }
}

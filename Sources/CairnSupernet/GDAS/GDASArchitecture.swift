import CairnCore
import Foundation

/// One hard Gumbel-softmax draw: per decision, the sampled option and the soft probabilities
/// p = softmax((log_softmax(α) + g) / τ) whose gradients the straight-through estimator passes on.
public struct GDASSample: Sendable {
  /// The sampled option of every decision.
  public var choices: [Int]
  /// [decision][option] probabilities.
  public var probabilities: [[Double]]
  public var temperature: Double
}

/// GDAS architecture parameters α (one row of option logits per decision of the space's choice encoding) with
/// their Adam state.
///
/// Architecture gradients use the straight-through estimator of GDAS: a decision's output is
/// h_k·op_k(x) + Σ_{i≠k} h_i with h = onehot(k) − stopgrad(p) + p, so ∂L/∂p_k = ∂L/∂h_k and
/// ∂L/∂p_i = ∂L/∂(Σ_{i≠k} h_i) for i ≠ k; the chain continues through the tempered softmax and α's log-softmax.
public struct GDASArchitecture: Codable, Hashable, Sendable {
  /// [decision][option] logits.
  public var alpha: [[Double]]
  public var adam: ArchitectureAdam

  /// α for decisions of the given sizes, initialised as 1e-3·N(0, 1), as GDAS does.
  public init(decisionSizes: [Int], random: inout RandomStream, adam: ArchitectureAdam.Settings) {
    alpha = decisionSizes.map { size in (0..<size).map { _ in 1e-3 * random.normal() } }
    self.adam = ArchitectureAdam(settings: adam, shape: alpha)
  }

  /// The option of the largest α of every decision.
  public var derivedChoices: [Int] { alpha.map(Self.argmax) }

  /// softmax(α) per decision.
  public var probabilities: [[Double]] { alpha.map(Self.softmax) }

  /// Draws Gumbel noise and the hard choices at temperature `temperature`.
  public func sample(temperature: Double, using random: inout RandomStream) -> GDASSample {
    while true {
      let gumbel = alpha.map { row in
        row.map { _ in
          -Foundation.log(-Foundation.log(min(max(random.uniform(), 1e-12), 1 - 1e-12)))
        }
      }
      // GDAS draws again when the tempered softmax over- or underflows.
      if let sample = sample(temperature: temperature, gumbel: gumbel) { return sample }
    }
  }

  /// The hard choices for given Gumbel noise, or nil when the tempered softmax is not finite.
  func sample(temperature: Double, gumbel: [[Double]]) -> GDASSample? {
    let probabilities = Self.tempered(alpha, gumbel: gumbel, temperature: temperature)
    guard probabilities.joined().allSatisfy(\.isFinite) else { return nil }
    return GDASSample(
      choices: probabilities.map(Self.argmax), probabilities: probabilities,
      temperature: temperature)
  }

  /// softmax((log_softmax(α) + g) / τ) per decision.
  static func tempered(_ alpha: [[Double]], gumbel: [[Double]], temperature: Double) -> [[Double]] {
    zip(alpha, gumbel).map { row, noise in
      softmax(zip(logSoftmax(row), noise).map { ($0 + $1) / temperature })
    }
  }

  /// ∂L/∂α from the gradients of the selected-option weights and of the other-option sums of every decision.
  public static func gradient(
    of sample: GDASSample, alpha: [[Double]], selected: [Double], others: [Double]
  ) -> [[Double]] {
    alpha.indices.map { decision in
      let p = sample.probabilities[decision]
      let dp = p.indices.map {
        $0 == sample.choices[decision] ? selected[decision] : others[decision]
      }
      let weighted = zip(p, dp).map(*).reduce(0, +)
      // Through the tempered softmax: ∂z_i = p_i (∂p_i − Σ_j p_j ∂p_j) / τ, with z = log_softmax(α) + g.
      let dz = p.indices.map { p[$0] * (dp[$0] - weighted) / sample.temperature }
      // Through log_softmax: ∂α_i = ∂z_i − softmax(α)_i Σ_j ∂z_j.
      let total = dz.reduce(0, +)
      let q = softmax(alpha[decision])
      return dz.indices.map { dz[$0] - q[$0] * total }
    }
  }

  /// One Adam step on α with gradient `gradient`.
  public mutating func step(gradient: [[Double]]) {
    adam.update(&alpha, gradient: gradient)
  }

  /// The first position of the largest value (0 for an empty row).
  static func argmax(_ row: [Double]) -> Int {
    row.indices.max { row[$0] < row[$1] } ?? 0
  }

  static func logSoftmax(_ row: [Double]) -> [Double] {
    let maximum = row.max() ?? 0
    let normalizer = maximum + Foundation.log(row.map { Foundation.exp($0 - maximum) }.reduce(0, +))
    return row.map { $0 - normalizer }
  }

  static func softmax(_ row: [Double]) -> [Double] {
    logSoftmax(row).map(Foundation.exp)
  }
}

/// Adam with L2 weight decay (as PyTorch's `Adam(weight_decay:)`) for the architecture parameters.
public struct ArchitectureAdam: Codable, Hashable, Sendable {
  public struct Settings: Codable, Hashable, Sendable {
    public var learningRate = 3e-4
    public var beta1 = 0.5
    public var beta2 = 0.999
    public var weightDecay = 1e-3
    public var epsilon = 1e-8
    public init() {}
  }

  public var settings: Settings
  var firstMoment: [[Double]]
  var secondMoment: [[Double]]
  var steps = 0

  public init(settings: Settings, shape: [[Double]]) {
    self.settings = settings
    firstMoment = shape.map { $0.map { _ in 0 } }
    secondMoment = firstMoment
  }

  mutating func update(_ parameters: inout [[Double]], gradient: [[Double]]) {
    steps += 1
    let s = settings
    let correction1 = 1 - Foundation.pow(s.beta1, Double(steps))
    let correction2 = 1 - Foundation.pow(s.beta2, Double(steps))
    for row in parameters.indices {
      for column in parameters[row].indices {
        let g = gradient[row][column] + s.weightDecay * parameters[row][column]
        firstMoment[row][column] = s.beta1 * firstMoment[row][column] + (1 - s.beta1) * g
        secondMoment[row][column] = s.beta2 * secondMoment[row][column] + (1 - s.beta2) * g * g
        let m = firstMoment[row][column] / correction1
        let v = secondMoment[row][column] / correction2
        parameters[row][column] -= s.learningRate * m / (Foundation.sqrt(v) + s.epsilon)
      }
    }
  }
}

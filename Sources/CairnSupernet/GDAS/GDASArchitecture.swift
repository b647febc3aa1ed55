import CairnCore
import CairnSpaces
import Foundation

/// One hard Gumbel-softmax draw of an NB201 architecture: per edge, the sampled op and the soft probabilities
/// p = softmax((log_softmax(α) + g) / τ) whose gradients the straight-through estimator passes on.
public struct GDASSample: Sendable {
  public var architecture: NB201Architecture
  /// [edge][op] probabilities.
  public var probabilities: [[Double]]
  public var temperature: Double
}

/// GDAS architecture parameters α (one row of 5 op logits per NB201 edge) with their Adam state.
///
/// Architecture gradients use the straight-through estimator of GDAS: the edge output is
/// h_k·op_k(x) + Σ_{i≠k} h_i with h = onehot(k) − stopgrad(p) + p, so ∂L/∂p_k = ∂L/∂h_k and
/// ∂L/∂p_i = ∂L/∂(Σ_{i≠k} h_i) for i ≠ k; the chain continues through the tempered softmax and α's log-softmax.
public struct GDASArchitecture: Codable, Hashable, Sendable {
  /// [edge][op] logits, ops in `NB201Op.allCases` order.
  public var alpha: [[Double]]
  public var adam: ArchitectureAdam

  static let ops = NB201Op.allCases

  /// α initialised as 1e-3·N(0, 1), as GDAS does.
  public init(random: inout RandomStream, adam: ArchitectureAdam.Settings) {
    alpha = (0..<NB201Architecture.edgeCount).map { _ in
      (0..<Self.ops.count).map { _ in 1e-3 * random.normal() }
    }
    self.adam = ArchitectureAdam(settings: adam, shape: alpha)
  }

  /// The architecture of the largest α on every edge.
  public var derived: NB201Architecture {
    try! NB201Architecture(
      opIDs: alpha.map { row in row.indices.max { row[$0] < row[$1] }! })
  }

  /// softmax(α) per edge.
  public var probabilities: [[Double]] { alpha.map(Self.softmax) }

  /// Draws Gumbel noise and the hard architecture at temperature `temperature`.
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

  /// The hard architecture for given Gumbel noise, or nil when the tempered softmax is not finite.
  func sample(temperature: Double, gumbel: [[Double]]) -> GDASSample? {
    let probabilities = Self.tempered(alpha, gumbel: gumbel, temperature: temperature)
    guard probabilities.joined().allSatisfy(\.isFinite) else { return nil }
    let ops = probabilities.map { p in p.indices.max { p[$0] < p[$1] }! }
    return GDASSample(
      architecture: try! NB201Architecture(opIDs: ops), probabilities: probabilities,
      temperature: temperature)
  }

  /// softmax((log_softmax(α) + g) / τ) per edge.
  static func tempered(_ alpha: [[Double]], gumbel: [[Double]], temperature: Double) -> [[Double]] {
    zip(alpha, gumbel).map { row, noise in
      softmax(zip(logSoftmax(row), noise).map { ($0 + $1) / temperature })
    }
  }

  /// ∂L/∂α from the gradients of the selected-op weights and of the other-op sums of every edge.
  public static func gradient(
    of sample: GDASSample, alpha: [[Double]], selected: [Double], others: [Double]
  ) -> [[Double]] {
    let opIDs = sample.architecture.opIDs
    return alpha.indices.map { edge in
      let p = sample.probabilities[edge]
      let dp = p.indices.map { $0 == opIDs[edge] ? selected[edge] : others[edge] }
      let weighted = zip(p, dp).map(*).reduce(0, +)
      // Through the tempered softmax: ∂z_i = p_i (∂p_i − Σ_j p_j ∂p_j) / τ, with z = log_softmax(α) + g.
      let dz = p.indices.map { p[$0] * (dp[$0] - weighted) / sample.temperature }
      // Through log_softmax: ∂α_i = ∂z_i − softmax(α)_i Σ_j ∂z_j.
      let total = dz.reduce(0, +)
      let q = softmax(alpha[edge])
      return dz.indices.map { dz[$0] - q[$0] * total }
    }
  }

  /// One Adam step on α with gradient `gradient`.
  public mutating func step(gradient: [[Double]]) {
    adam.update(&alpha, gradient: gradient)
  }

  static func logSoftmax(_ row: [Double]) -> [Double] {
    let maximum = row.max()!
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

import CairnCore
import CairnEngine
import Foundation

/// The ranking penalty φ of the landmark loss (landmark spec §1, eq. 4/6): for a pair of landmarks,
/// R = φ(x) with x = L(better) − L(worse), the super-net cross-entropy losses of the two landmark paths on the same
/// batch, where "better" is the landmark with the higher ground truth. Every φ here is non-decreasing in x, so it
/// penalises the super-net when the better landmark has the higher loss.
public enum LandmarkLossFunction: Hashable, Codable, Sendable, CustomStringConvertible {
  /// φ(x) = max(0, x + margin). Margin 0 is the reference default `mae_relu`; margin 1 is the hinge inside the
  /// reference's `hinge_sign_infinite`.
  case hinge(margin: Double = 0)
  /// φ(x) = (1/β)·log(1 + e^{βx}), a smooth hinge (`mae_softplus_beta{3,5,7}`; β = 5 is the paper's ablation).
  case softplus(beta: Double)
  /// φ(x) = −log(1 − σ(x)) = log(1 + e^x), the logistic (RankNet) loss, the reference's `crossentropy`;
  /// the same function as `mae_softplus` (softplus with β = 1).
  case logistic

  /// The reference default, `mae_relu`: a hinge with margin 0.
  public static let standard = LandmarkLossFunction.hinge(margin: 0)

  /// Reads the reference code's `landmark_loss_fn` names: `mae_relu`, `mae_softplus`, `mae_softplus_beta<β>`,
  /// `crossentropy`; throws naming the option for any other.
  public init(referenceName name: String) throws(CairnError) {
    switch name {
    case "mae_relu": self = .hinge(margin: 0)
    case "mae_softplus": self = .softplus(beta: 1)
    case "crossentropy": self = .logistic
    default:
      let prefix = "mae_softplus_beta"
      if name.hasPrefix(prefix), let beta = Double(name.dropFirst(prefix.count)) {
        self = .softplus(beta: beta)
        try validate()
        return
      }
      throw .invalidInput(
        "unknown landmark loss function '\(name)'; supported: mae_relu, mae_softplus, "
          + "mae_softplus_beta<β>, crossentropy")
    }
  }

  /// Checks the parameters: a finite margin; a finite, positive β.
  public func validate() throws(CairnError) {
    switch self {
    case .hinge(let margin):
      guard margin.isFinite else {
        throw .invalidInput("landmark hinge margin must be finite, got \(margin)")
      }
    case .softplus(let beta):
      guard beta.isFinite, beta > 0 else {
        throw .invalidInput("landmark softplus beta must be finite and positive, got \(beta)")
      }
    case .logistic:
      break
    }
  }

  /// φ(x), with x = L(better) − L(worse).
  public func value(difference x: Double) -> Double {
    switch self {
    case .hinge(let margin): return max(0, x + margin)
    case .softplus(let beta): return Self.softplus(beta * x) / beta
    case .logistic: return Self.softplus(x)
    }
  }

  /// φ(L(better) − L(worse)).
  public func value(better: Double, worse: Double) -> Double {
    value(difference: better - worse)
  }

  /// dφ/dx: the step 1[x + margin > 0] for the hinge (0 at the kink, as ReLU's gradient), σ(βx) for softplus,
  /// σ(x) for the logistic loss. The gradient is +dφ/dx on L(better) and −dφ/dx on L(worse).
  public func derivative(difference x: Double) -> Double {
    switch self {
    case .hinge(let margin): return x + margin > 0 ? 1 : 0
    case .softplus(let beta): return Self.sigmoid(beta * x)
    case .logistic: return Self.sigmoid(x)
    }
  }

  /// φ(better − worse) on two differentiable scalar losses (tensors of one shape, usually `[]`), built from tensor
  /// ops so that `backward()` sends +φ′ to `better` and −φ′ to `worse`, reaching the shared weights of both paths.
  public func loss(better: Tensor, worse: Tensor) -> Tensor {
    let difference = better - worse
    switch self {
    case .hinge(let margin):
      guard margin != 0 else { return difference.relu() }
      return (difference + Tensor(repeating: Float(margin), shape: difference.shape)).relu()
    case .softplus(let beta):
      return difference.softplus(beta: Float(beta))
    case .logistic:
      return difference.softplus(beta: 1)
    }
  }

  /// The reference code's name (`mae_relu`, `mae_softplus_beta5`, `crossentropy`), or a description of a variant it
  /// does not name.
  public var description: String {
    switch self {
    case .hinge(let margin):
      return margin == 0 ? "mae_relu" : "hinge(margin \(margin))"
    case .softplus(let beta):
      if beta == 1 { return "mae_softplus" }
      if beta == beta.rounded() && abs(beta) < 1e6 { return "mae_softplus_beta\(Int(beta))" }
      return "mae_softplus_beta\(beta)"
    case .logistic:
      return "crossentropy"
    }
  }

  /// log(1 + e^z), computed without overflow.
  static func softplus(_ z: Double) -> Double {
    max(z, 0) + log1p(exp(-abs(z)))
  }

  /// 1 / (1 + e^{−z}), computed without overflow.
  static func sigmoid(_ z: Double) -> Double {
    z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z))
  }
}

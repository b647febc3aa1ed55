import CairnEngine

/// A network that runs any architecture of its search space: a super-net (every candidate op held once and shared
/// by all architectures that choose it) or a stand-alone network (only one architecture's ops have weights).
///
/// The forward pass takes the architecture to run, so one module tree serves every sub-network, and trainers,
/// scorers and searches work on any space through this protocol.
public protocol ArchitectureNetwork: Module {
  /// One point of the network's search space.
  associatedtype Architecture: Hashable & Codable & Sendable

  /// Logits [N, classes] for images [N, C, H, W] under `architecture`.
  func callAsFunction(_ images: Tensor, architecture: Architecture) -> Tensor

  /// The forward pass of a training step: the logits, an auxiliary head's logits when the network has one, and
  /// drop-path and classifier dropout (masks drawn from `noise`) when the network supports them and is in
  /// training mode.
  ///
  /// The default is the plain forward pass: no auxiliary logits, no noise.
  func trainingOutputs(_ images: Tensor, architecture: Architecture, noise: inout TrainingNoise)
    -> TrainingOutputs

  /// Logits of several architectures on one batch (a landmark pair's passes): what does not depend on the
  /// architecture, such as the stem, may run once for all of them. Gradients reach the shared layers from every
  /// architecture's logits, as with separate passes.
  ///
  /// The default is one forward pass per architecture.
  func callAsFunction(_ images: Tensor, architectures: [Architecture]) -> [Tensor]
}

extension ArchitectureNetwork {
  public func callAsFunction(_ images: Tensor, architectures: [Architecture]) -> [Tensor] {
    architectures.map { self(images, architecture: $0) }
  }

  public func trainingOutputs(
    _ images: Tensor, architecture: Architecture, noise: inout TrainingNoise
  ) -> TrainingOutputs {
    TrainingOutputs(logits: self(images, architecture: architecture))
  }
}

/// What a training step's forward pass gives: the logits and, for networks with an auxiliary classifier (DARTS's
/// `AuxiliaryHeadCIFAR`), its logits too.
public struct TrainingOutputs {
  /// Logits [N, classes] of the network's classifier.
  public var logits: Tensor
  /// Logits [N, classes] of the auxiliary head, nil when the network has none.
  public var auxiliaryLogits: Tensor?

  public init(logits: Tensor, auxiliaryLogits: Tensor? = nil) {
    self.logits = logits
    self.auxiliaryLogits = auxiliaryLogits
  }
}

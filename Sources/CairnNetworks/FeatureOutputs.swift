import CairnEngine

/// A classifier's forward pass with what precedes its last layer: the pooled features [N, D] and the logits
/// [N, classes] computed from them (what feature-matching losses such as the tri-level method's read).
public struct FeatureOutputs {
  /// Pooled features [N, D], the classifier's input.
  public var features: Tensor
  /// Logits [N, classes].
  public var logits: Tensor

  public init(features: Tensor, logits: Tensor) {
    self.features = features
    self.logits = logits
  }
}

/// A network that also gives the pooled features of an architecture's forward pass.
public protocol FeatureNetwork: ArchitectureNetwork {
  /// The pooled features and logits for images [N, C, H, W] under `architecture`.
  func outputs(_ images: Tensor, architecture: Architecture) -> FeatureOutputs
}

import CairnEngine
import CairnNetworks

/// The tri-level method's auxiliary model V: a stand-alone network of one fixed architecture, trained beside the
/// super-net, and its forward pass.
public struct AuxiliaryModel {
  /// V's module tree (its parameters are V's weights).
  public let network: Module
  /// Pooled features and logits of V for images [N, C, H, W].
  public let forward: (Tensor) -> FeatureOutputs

  public init(network: Module, forward: @escaping (Tensor) -> FeatureOutputs) {
    self.network = network
    self.forward = forward
  }
}

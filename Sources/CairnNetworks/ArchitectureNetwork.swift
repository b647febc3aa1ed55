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
}

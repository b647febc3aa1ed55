/// Which random augmentation a training transform draws.
public enum Augmentation: String, Codable, CaseIterable, Sendable {
  /// Random crop with zero padding and a horizontal flip (the NB201 / torchvision recipe).
  case cropFlip = "crop-flip"
  /// Horizontal flip only.
  case flip
  /// No augmentation: training images pass through like evaluation images.
  case none
}

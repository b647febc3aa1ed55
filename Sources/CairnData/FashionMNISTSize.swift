/// The image size Fashion-MNIST is fed at.
///
/// `.native28` (the default) keeps the 28×28 images; `.padded32` adds a 2-pixel zero border (black, 0 before
/// normalisation) so the network sees CIFAR's 32×32 geometry, as NAS-Bench-201's cell networks expect. The border
/// is applied by `ImageTransform` (its `border`), so the stored dataset stays 28×28 either way.
public enum FashionMNISTSize: String, CaseIterable, Codable, Sendable {
  case native28
  case padded32

  /// The zero border added around each image: 0 or 2 pixels.
  public var border: Int { self == .padded32 ? 2 : 0 }
}

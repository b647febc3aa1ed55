/// The random choices of one training augmentation: the crop offset and whether the image is mirrored.
///
/// The output pixel (c, y, x) is the (border-padded, zero-padded) input pixel (c, y + offsetY, x′ + offsetX) with
/// x′ = W′ − 1 − x when `flipped` and x otherwise; W′ is the output width. Pixels outside the input are 0 before
/// normalisation. In torchvision's terms `RandomCrop(size, padding: p)` picks the window's top-left corner (i, j) in
/// 0...2p of the padded image; offsetY = i − p and offsetX = j − p.
public struct AugmentationDraw: Sendable, Equatable {
  /// Vertical shift of the crop window, in −padding...padding.
  public var offsetY: Int
  /// Horizontal shift of the crop window, in −padding...padding.
  public var offsetX: Int
  /// Mirror left–right after cropping.
  public var flipped: Bool

  public init(offsetY: Int = 0, offsetX: Int = 0, flipped: Bool = false) {
    self.offsetY = offsetY
    self.offsetX = offsetX
    self.flipped = flipped
  }

  /// No crop shift, no flip: the evaluation transform.
  public static let identity = AugmentationDraw()
}

import CairnCore

/// Turns one stored image into normalised Float values, with optional training augmentation.
///
/// Training augmentation follows torchvision's `RandomCrop(size, padding: p)` then `RandomHorizontalFlip()`:
/// the image is zero-padded by p pixels (padded pixels are black, 0 before normalisation), a size×size window is
/// cut at a uniform offset in 0...2p, and it is mirrored left–right with probability ½. Then each channel is
/// normalised: (pixel / 255 − mean_c) / std_c. Evaluation applies only the normalisation.
public struct ImageTransform: Sendable {
  public var mean: [Float]
  public var std: [Float]
  /// Padding for the random crop (CIFAR: 4); nil disables crop and flip.
  public var cropPadding: Int?
  /// A zero border added to every image (Fashion-MNIST 28×28 → 32×32 with 2).
  public var border: Int

  public init(mean: [Float], std: [Float], cropPadding: Int?, border: Int = 0) {
    self.mean = mean
    self.std = std
    self.cropPadding = cropPadding
    self.border = border
  }

  /// The output size of an input of `height`×`width`.
  public func outputSize(height: Int, width: Int) -> (Int, Int) {
    (height + 2 * border, width + 2 * border)
  }

  /// Writes the transformed image (C × H' × W', planar) into `output`, drawing crop and flip from `random`.
  public func apply(
    _ pixels: UnsafeBufferPointer<UInt8>, channels: Int, height: Int, width: Int,
    into output: UnsafeMutableBufferPointer<Float>, random: inout RandomStream
  ) {
    let (outHeight, outWidth) = outputSize(height: height, width: width)
    var (dy, dx, flip) = (0, 0, false)
    if let pad = cropPadding {
      dy = random.int(below: 2 * pad + 1) - pad
      dx = random.int(below: 2 * pad + 1) - pad
      flip = random.bool()
    }
    for c in 0..<channels {
      let scale = 1 / (255 * std[c])
      let offset = -mean[c] / std[c]
      let plane = c * height * width
      let outPlane = c * outHeight * outWidth
      for y in 0..<outHeight {
        let sourceY = y + dy - border
        for x in 0..<outWidth {
          let column = flip ? outWidth - 1 - x : x
          let sourceX = column + dx - border
          let inBounds = sourceY >= 0 && sourceY < height && sourceX >= 0 && sourceX < width
          let value = inBounds ? Float(pixels[plane + sourceY * width + sourceX]) : 0
          output[outPlane + y * outWidth + x] = value * scale + offset
        }
      }
    }
  }
}

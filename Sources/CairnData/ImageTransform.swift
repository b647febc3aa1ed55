import CairnCore

/// Turns one stored image into normalised Float values, with optional training augmentation.
///
/// It reproduces torchvision's `Pad(border)` → `RandomCrop(size, padding: p)` → `RandomHorizontalFlip()` →
/// `ToTensor()` → `Normalize(mean, std)`: the image gets an optional fixed zero border, is zero-padded by p pixels
/// (padded pixels are black, 0 before normalisation, so they become −mean[c]/std[c]), a window of the bordered size
/// is cut at a uniform offset in 0...2p (rows drawn first, then columns), and it is mirrored left–right with
/// probability ½. Each value is then (pixel / 255 − mean[c]) / std[c], computed as pixel · s_c + t_c with
/// s_c = 1 / (255 · std[c]) and t_c = −mean[c] / std[c]. Evaluation (no `cropPadding`) applies only the border and
/// the normalisation. Output layout is CHW. Cost: one multiply-add per output value.
public struct ImageTransform: Sendable, Equatable {
  /// Per-channel mean of pixel / 255.
  public var mean: [Float]
  /// Per-channel standard deviation of pixel / 255.
  public var std: [Float]
  /// Padding for the random crop (CIFAR: 4); nil disables crop and flip.
  public var cropPadding: Int?
  /// Whether augmentation mirrors images with probability ½ (only when `cropPadding` is set).
  public var horizontalFlip: Bool
  /// A zero border added to every image (Fashion-MNIST 28×28 → 32×32 with 2).
  public var border: Int

  public init(
    mean: [Float], std: [Float], cropPadding: Int?, border: Int = 0, horizontalFlip: Bool = true
  ) {
    self.mean = mean
    self.std = std
    self.cropPadding = cropPadding
    self.border = border
    self.horizontalFlip = horizontalFlip
  }

  /// The standard training transform of a dataset: crop padding 4 and flips for CIFAR; for Fashion-MNIST crop
  /// padding 2 and flips at either size (every Fashion-MNIST class is left–right symmetric in meaning), with the
  /// 2-pixel border for `.padded32`. `augmentation` can drop the crop (`.flip`) or both (`.none`).
  public static func training(
    for dataset: DatasetName, fashionMNISTSize: FashionMNISTSize = .native28,
    augmentation: Augmentation = .cropFlip
  ) -> ImageTransform {
    let normalization = dataset.normalization
    let isFashion = dataset == .fashionMNIST
    let padding: Int?
    switch augmentation {
    case .cropFlip: padding = isFashion ? 2 : 4
    case .flip: padding = 0
    case .none: padding = nil
    }
    return ImageTransform(
      mean: normalization.mean, std: normalization.std, cropPadding: padding,
      border: isFashion ? fashionMNISTSize.border : 0)
  }

  /// The evaluation transform of a dataset: normalisation only (plus the border for padded Fashion-MNIST).
  public static func evaluation(
    for dataset: DatasetName, fashionMNISTSize: FashionMNISTSize = .native28
  ) -> ImageTransform {
    var transform = training(for: dataset, fashionMNISTSize: fashionMNISTSize)
    transform.cropPadding = nil
    return transform
  }

  /// True when the transform draws random crops (and flips).
  public var augments: Bool { cropPadding != nil }

  /// The output size of an input of `height`×`width`: the input plus the border on each side.
  public func outputSize(height: Int, width: Int) -> (Int, Int) {
    (height + 2 * border, width + 2 * border)
  }

  /// Draws the crop offset (rows, then columns) and the flip; the identity when not augmenting.
  public func draw(_ random: inout RandomStream) -> AugmentationDraw {
    guard let padding = cropPadding else { return .identity }
    let offsetY = random.int(below: 2 * padding + 1) - padding
    let offsetX = random.int(below: 2 * padding + 1) - padding
    let flipped = horizontalFlip ? random.bool() : false
    return AugmentationDraw(offsetY: offsetY, offsetX: offsetX, flipped: flipped)
  }

  /// Writes the transformed image (C × H′ × W′, planar) into `output`, drawing crop and flip from `random`.
  public func apply(
    _ pixels: UnsafeBufferPointer<UInt8>, channels: Int, height: Int, width: Int,
    into output: UnsafeMutableBufferPointer<Float>, random: inout RandomStream
  ) {
    apply(
      pixels, channels: channels, height: height, width: width, draw: draw(&random), into: output)
  }

  /// Writes the transformed image (C × H′ × W′, planar) into `output` with the given crop and flip.
  public func apply(
    _ pixels: UnsafeBufferPointer<UInt8>, channels: Int, height: Int, width: Int,
    draw: AugmentationDraw,
    into output: UnsafeMutableBufferPointer<Float>
  ) {
    let (outHeight, outWidth) = outputSize(height: height, width: width)
    precondition(pixels.count >= channels * height * width, "input smaller than C×H×W")
    precondition(output.count >= channels * outHeight * outWidth, "output smaller than C×H′×W′")
    precondition(mean.count >= channels && std.count >= channels, "one mean and std per channel")
    guard let source = pixels.baseAddress, let target = output.baseAddress else { return }
    // Output column x reads input column x + shift (or outWidth − 1 − x + shift when flipped).
    let shift = draw.offsetX - border
    let columns: Range<Int>
    if draw.flipped {
      columns = Self.clamped(outWidth + shift - width, outWidth + shift, limit: outWidth)
    } else {
      columns = Self.clamped(-shift, width - shift, limit: outWidth)
    }
    for c in 0..<channels {
      let scale = 1 / (255 * std[c])
      let offset = -mean[c] / std[c]
      let plane = source + c * height * width
      let outPlane = target + c * outHeight * outWidth
      for y in 0..<outHeight {
        let row = outPlane + y * outWidth
        let sourceY = y + draw.offsetY - border
        guard sourceY >= 0 && sourceY < height else {
          row.update(repeating: offset, count: outWidth)
          continue
        }
        let sourceRow = plane + sourceY * width
        row.update(repeating: offset, count: columns.lowerBound)
        if draw.flipped {
          let mirrored = sourceRow + (outWidth - 1 + shift)
          for x in columns { row[x] = Float(mirrored[-x]) * scale + offset }
        } else {
          let shifted = sourceRow + shift
          for x in columns { row[x] = Float(shifted[x]) * scale + offset }
        }
        (row + columns.upperBound).update(repeating: offset, count: outWidth - columns.upperBound)
      }
    }
  }

  /// lower..<upper clamped into 0...limit (empty when they cross).
  private static func clamped(_ lower: Int, _ upper: Int, limit: Int) -> Range<Int> {
    let low = min(max(lower, 0), limit)
    return low..<max(low, min(upper, limit))
  }
}

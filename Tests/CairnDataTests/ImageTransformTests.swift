import CairnCore
import Testing

@testable import CairnData

@Suite struct ImageTransformTests {
  /// A 2-channel 4×5 image; pixel (c, y, x) = 100·c + 10·y + x + 1 (never 0, so padding is recognisable).
  let channels = 2
  let height = 4
  let width = 5
  var image: [UInt8] {
    (0..<channels * height * width).map { (i: Int) -> UInt8 in
      let (c, y, x) = (i / 20, i % 20 / 5, i % 5)
      return UInt8(100 * c + 10 * y + x + 1)
    }
  }

  /// Mean 0 and std 1/255 make the output equal to the raw pixel value.
  func identityNormalization(cropPadding: Int?, border: Int = 0) -> ImageTransform {
    ImageTransform(
      mean: [0, 0], std: [1 / 255, 1 / 255], cropPadding: cropPadding, border: border)
  }

  func run(_ transform: ImageTransform, _ draw: AugmentationDraw) -> [Float] {
    let (outHeight, outWidth) = transform.outputSize(height: height, width: width)
    var output = [Float](repeating: .nan, count: channels * outHeight * outWidth)
    image.withUnsafeBufferPointer { pixels in
      output.withUnsafeMutableBufferPointer { out in
        transform.apply(
          pixels, channels: channels, height: height, width: width, draw: draw, into: out)
      }
    }
    return output
  }

  /// torchvision's recipe written out naively: Pad(border), pad by p, crop at (i, j) = (p + dy, p + dx), flip.
  func reference(border: Int, padding p: Int, _ draw: AugmentationDraw) -> [Float] {
    let (h, w) = (height + 2 * border, width + 2 * border)
    var result: [Float] = []
    for c in 0..<channels {
      var padded = [[Float]](repeating: [Float](repeating: 0, count: w + 2 * p), count: h + 2 * p)
      for y in 0..<height {
        for x in 0..<width {
          padded[y + border + p][x + border + p] = Float(image[c * 20 + y * 5 + x])
        }
      }
      let (i, j) = (p + draw.offsetY, p + draw.offsetX)
      for y in 0..<h {
        var row = Array(padded[i + y][j..<j + w])
        if draw.flipped { row.reverse() }
        result += row
      }
    }
    return result
  }

  func close(_ a: [Float], _ b: [Float], tolerance: Float = 1e-3) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance }
  }

  @Test func cropOffsetsAndFlipMatchTheReferenceForEveryDraw() {
    for border in [0, 2] {
      let transform = identityNormalization(cropPadding: 2, border: border)
      for dy in -2...2 {
        for dx in -2...2 {
          for flipped in [false, true] {
            let draw = AugmentationDraw(offsetY: dy, offsetX: dx, flipped: flipped)
            #expect(
              close(run(transform, draw), reference(border: border, padding: 2, draw)),
              "\(draw) border \(border)")
          }
        }
      }
    }
  }

  @Test func knownCropAndFlipValues() {
    let transform = identityNormalization(cropPadding: 1)
    // Window moved up by one row and right by one column: row 0 is padding, row 1 is input row 0 from column 1.
    let shifted = run(transform, AugmentationDraw(offsetY: -1, offsetX: 1, flipped: false))
    #expect(close(Array(shifted[0..<5]), [0, 0, 0, 0, 0]))
    #expect(close(Array(shifted[5..<10]), [2, 3, 4, 5, 0]))
    let flipped = run(transform, AugmentationDraw(offsetY: 0, offsetX: 0, flipped: true))
    #expect(close(Array(flipped[0..<5]), [5, 4, 3, 2, 1]))
    #expect(close(Array(flipped[20..<25]), [105, 104, 103, 102, 101]))
  }

  @Test func normalisationValues() {
    let transform = ImageTransform.evaluation(for: .cifar10)
    let pixels: [UInt8] = [255, 0, 128]  // a 1×1 RGB image
    var output = [Float](repeating: 0, count: 3)
    pixels.withUnsafeBufferPointer { input in
      output.withUnsafeMutableBufferPointer { out in
        transform.apply(input, channels: 3, height: 1, width: 1, draw: .identity, into: out)
      }
    }
    let expected: [Float] = [
      (1 - 0.4914) / 0.2470, (0 - 0.4822) / 0.2435, (128 / 255 - 0.4465) / 0.2616,
    ]
    #expect(close(output, expected, tolerance: 1e-5))

    // Padded pixels normalise like a black pixel: (0 − mean) / std.
    let fashion = ImageTransform.training(for: .fashionMNIST, fashionMNISTSize: .padded32)
    #expect(fashion.border == 2 && fashion.cropPadding == 2)
    #expect(fashion.outputSize(height: 28, width: 28) == (32, 32))
    var padded = [Float](repeating: 0, count: 9)
    [UInt8(255)].withUnsafeBufferPointer { input in
      padded.withUnsafeMutableBufferPointer { out in
        ImageTransform(mean: [0.2860], std: [0.3530], cropPadding: nil, border: 1)
          .apply(input, channels: 1, height: 1, width: 1, draw: .identity, into: out)
      }
    }
    #expect(abs(padded[0] - (-0.2860 / 0.3530)) < 1e-5)
    #expect(abs(padded[4] - (1 - 0.2860) / 0.3530) < 1e-5)
  }

  @Test func drawsCoverEveryOffsetAndFlipAboutHalf() {
    let transform = ImageTransform.training(for: .cifar10)
    var random = RandomStream(seed: 5, name: "draws")
    var offsets = Set<Int>()
    var flips = 0
    for _ in 0..<2_000 {
      let draw = transform.draw(&random)
      offsets.insert(draw.offsetY)
      offsets.insert(draw.offsetX)
      if draw.flipped { flips += 1 }
    }
    #expect(offsets == Set(-4...4))
    #expect(abs(flips - 1_000) < 120)
    #expect(ImageTransform.evaluation(for: .cifar10).draw(&random) == .identity)
  }
}

import CairnTestSupport
import Testing

@testable import CairnEngine

/// The two ops DARTS networks add to the engine: the spatial shift of `FactorizedReduce` and drop-path's
/// per-sample scaling, in plain and channel-blocked layouts.
@Suite struct ShiftAndSampleScalingTests {
  /// x[n, c, i + rows, j + columns] or 0, computed naively.
  static func referenceShift(_ x: [Float], _ shape: [Int], rows: Int, columns: Int) -> [Double] {
    let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
    var y = [Double](repeating: 0, count: x.count)
    for s in 0..<n * c {
      for i in 0..<h {
        for j in 0..<w {
          let (r, q) = (i + rows, j + columns)
          guard (0..<h).contains(r), (0..<w).contains(q) else { continue }
          y[(s * h + i) * w + j] = Double(x[(s * h + r) * w + q])
        }
      }
    }
    return y
  }

  @Test(arguments: [(1, 1), (0, 2), (-1, 1), (2, -3), (5, 0)])
  func shiftMatchesTheReferenceInPlainLayout(_ offset: (Int, Int)) {
    let x = randomTensor([2, 3, 4, 5], seed: 51)
    let y = spatialShift(x, rows: offset.0, columns: offset.1)
    #expect(y.shape == x.shape)
    let expected = Self.referenceShift(x.toArray(), x.shape, rows: offset.0, columns: offset.1)
    #expect(maxAbsDifference(y.toArray(), expected) == 0)
    let r = GradientCheck.projection(like: y)
    #expect(
      GradientCheck.maximumRelativeError(inputs: [x]) {
        (spatialShift(x, rows: offset.0, columns: offset.1) * r).sum()
      } < 1e-2)
  }

  /// A convolution's output comes channel-blocked (with padded channels for 12): the shift moves whole blocks.
  @Test(arguments: [8, 12, 16])
  func shiftOfABlockedTensorMatchesTheReference(_ channels: Int) {
    let x = randomTensor([2, 4, 5, 5], seed: 52)
    let w = randomTensor([channels, 4, 1, 1], seed: 53)
    let blocked = conv2d(x, weight: w)
    #expect(blocked.descriptor.planeChannelBlock ?? 1 > 1)
    let y = spatialShift(blocked, rows: 1, columns: 1)
    #expect(y.descriptor == blocked.descriptor)
    let expected = Self.referenceShift(blocked.toArray(), blocked.shape, rows: 1, columns: 1)
    #expect(maxAbsDifference(y.toArray(), expected) == 0)
    let r = GradientCheck.projection(like: y)
    #expect(
      GradientCheck.maximumRelativeError(inputs: [x, w]) {
        (spatialShift(conv2d(x, weight: w), rows: 1, columns: 1) * r).sum()
      } < 1e-2)
  }

  @Test func perSampleScalingInPlainAndBlockedLayouts() {
    let factors: [Float] = [0, 1.25, 2]
    let x = randomTensor([3, 4, 3, 3], seed: 54)
    let w = randomTensor([8, 4, 3, 3], seed: 55, scale: 0.3)
    for input in [x, conv2d(x, weight: w, geometry: Conv2DGeometry(padding: 1))] {
      let y = input.scaledPerSample(by: factors)
      let inner = input.elementCount / 3
      let expected = input.toArray().enumerated().map { Double($1 * factors[$0 / inner]) }
      #expect(maxAbsDifference(y.toArray(), expected) < 1e-6)
    }
    let r = GradientCheck.projection(
      like: conv2d(x, weight: w, geometry: Conv2DGeometry(padding: 1)))
    #expect(
      GradientCheck.maximumRelativeError(inputs: [x, w]) {
        (conv2d(x, weight: w, geometry: Conv2DGeometry(padding: 1)).scaledPerSample(by: factors) * r)
          .sum()
      } < 1e-2)
    let matrix = randomTensor([3, 5], seed: 56)
    let scaled = matrix.scaledPerSample(by: factors)
    #expect(
      maxAbsDifference(
        scaled.toArray(), matrix.toArray().enumerated().map { Double($1 * factors[$0 / 5]) }) == 0)
  }
}

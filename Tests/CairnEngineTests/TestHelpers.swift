import CairnCore

@testable import CairnEngine

/// A random tensor with standard-normal values.
func randomTensor(_ shape: [Int], seed: UInt64, requiresGrad: Bool = true, scale: Float = 1)
  -> Tensor
{
  var random = RandomStream(seed: seed, name: "test tensor")
  return Tensor(
    shape: shape, values: (0..<shape.reduce(1, *)).map { _ in Float(random.normal()) * scale },
    requiresGrad: requiresGrad)
}

/// The largest absolute difference between two arrays of equal length.
func maxAbsDifference(_ a: [Float], _ b: [Double]) -> Double {
  precondition(a.count == b.count, "lengths differ: \(a.count) vs \(b.count)")
  return zip(a, b).map { abs(Double($0) - $1) }.max() ?? 0
}

/// Naive NCHW convolution in Double: the reference for conv2d.
func referenceConv2d(
  _ x: [Float], _ xs: [Int], _ w: [Float], _ ws: [Int], bias: [Float]?, stride: Int, padding: Int,
  dilation: Int,
  groups: Int
) -> (values: [Double], shape: [Int]) {
  let (n, c, h, wi) = (xs[0], xs[1], xs[2], xs[3])
  let (o, cg, kh, kw) = (ws[0], ws[1], ws[2], ws[3])
  let oh = (h + 2 * padding - dilation * (kh - 1) - 1) / stride + 1
  let ow = (wi + 2 * padding - dilation * (kw - 1) - 1) / stride + 1
  let og = o / groups
  var y = [Double](repeating: 0, count: n * o * oh * ow)
  for b in 0..<n {
    for oc in 0..<o {
      let g = oc / og
      for i in 0..<oh {
        for j in 0..<ow {
          var total = Double(bias?[oc] ?? 0)
          for ci in 0..<cg {
            let ic = g * cg + ci
            for u in 0..<kh {
              for v in 0..<kw {
                let r = i * stride - padding + u * dilation
                let s = j * stride - padding + v * dilation
                guard r >= 0, r < h, s >= 0, s < wi else { continue }
                total +=
                  Double(x[((b * c + ic) * h + r) * wi + s])
                  * Double(w[((oc * cg + ci) * kh + u) * kw + v])
              }
            }
          }
          y[((b * o + oc) * oh + i) * ow + j] = total
        }
      }
    }
  }
  return (y, [n, o, oh, ow])
}

/// Per-channel mean and biased variance in f64, two passes, of plain [N, C, …] values.
func referenceChannelStatistics(_ values: [Float], _ shape: [Int]) -> (
  mean: [Double], variance: [Double]
) {
  let (n, c) = (shape[0], shape[1])
  let inner = shape.dropFirst(2).reduce(1, *)
  func channel(_ k: Int) -> [Double] {
    (0..<n).flatMap { sample in (0..<inner).map { Double(values[(sample * c + k) * inner + $0]) } }
  }
  let means = (0..<c).map { k in channel(k).reduce(0, +) / Double(n * inner) }
  let variances = (0..<c).map { k in
    channel(k).map { ($0 - means[k]) * ($0 - means[k]) }.reduce(0, +) / Double(n * inner)
  }
  return (means, variances)
}

/// Naive pooling reference (max, or average over in-bounds elements).
func referencePool(
  _ x: [Float], _ xs: [Int], max useMax: Bool, kernel: Int, stride: Int, padding: Int
) -> [Double] {
  let (n, c, h, w) = (xs[0], xs[1], xs[2], xs[3])
  let oh = (h + 2 * padding - kernel) / stride + 1
  let ow = (w + 2 * padding - kernel) / stride + 1
  var y: [Double] = []
  for b in 0..<n {
    for ch in 0..<c {
      for i in 0..<oh {
        for j in 0..<ow {
          var best = -Double.infinity
          var total = 0.0
          var count = 0
          for u in 0..<kernel {
            for v in 0..<kernel {
              let r = i * stride - padding + u
              let s = j * stride - padding + v
              guard r >= 0, r < h, s >= 0, s < w else { continue }
              let value = Double(x[((b * c + ch) * h + r) * w + s])
              best = Swift.max(best, value)
              total += value
              count += 1
            }
          }
          y.append(useMax ? best : total / Double(count))
        }
      }
    }
  }
  return y
}

/// Pearson's correlation coefficient of two equal-length lists, equal to `scipy.stats.pearsonr(x, y)`.
///
/// r = Σ(xᵢ − x̄)(yᵢ − ȳ) / √(Σ(xᵢ − x̄)² · Σ(yᵢ − ȳ)²), computed in two passes for stability: the means
/// first (compensated summation), then the centred sums. Deviations are divided by their largest magnitude
/// before squaring, as SciPy does, so huge values do not overflow. The result is clamped to [−1, 1].
/// O(n) time, no allocation.
///
/// Returns nil where SciPy returns NaN or raises: fewer than two values, either list constant, or a
/// non-finite value (NaN or infinity) anywhere.
public func pearsonR(_ x: [Double], _ y: [Double]) -> Double? {
  precondition(x.count == y.count, "Pearson r needs equal-length lists (\(x.count) vs \(y.count))")
  let n = x.count
  guard n >= 2, x.allSatisfy(\.isFinite), y.allSatisfy(\.isFinite) else { return nil }
  guard x.contains(where: { $0 != x[0] }), y.contains(where: { $0 != y[0] }) else { return nil }
  let meanX = compensatedSum(x) / Double(n)
  let meanY = compensatedSum(y) / Double(n)
  var largestX = 0.0
  var largestY = 0.0
  for i in 0..<n {
    largestX = max(largestX, abs(x[i] - meanX))
    largestY = max(largestY, abs(y[i] - meanY))
  }
  guard largestX > 0, largestY > 0, largestX.isFinite, largestY.isFinite else { return nil }
  var sumXX = 0.0
  var sumYY = 0.0
  var sumXY = 0.0
  for i in 0..<n {
    let dx = (x[i] - meanX) / largestX
    let dy = (y[i] - meanY) / largestY
    sumXX += dx * dx
    sumYY += dy * dy
    sumXY += dx * dy
  }
  guard sumXX > 0, sumYY > 0 else { return nil }
  // Each scaled deviation is at most 1 in magnitude, so the product of the sums cannot overflow.
  let r = sumXY / (sumXX * sumYY).squareRoot()
  return min(1, max(-1, r))
}

/// Σ values with Neumaier's compensated summation.
func compensatedSum(_ values: [Double]) -> Double {
  var sum = 0.0
  var compensation = 0.0
  for value in values {
    let t = sum + value
    if abs(sum) >= abs(value) {
      compensation += (sum - t) + value
    } else {
      compensation += (value - t) + sum
    }
    sum = t
  }
  return sum + compensation
}

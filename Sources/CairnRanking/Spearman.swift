/// The 1-based ranks of `values`, tied values sharing the average of the ranks they span.
///
/// Equal to `scipy.stats.rankdata(values, method='average')`: values [10, 20, 20, 5] rank [2, 3.5, 3.5, 1].
/// O(n log n) time. Values must not be NaN.
public func averageRanks(_ values: [Double]) -> [Double] {
  precondition(!values.contains(where: \.isNaN), "NaN has no rank")
  let order = ascendingOrder(values)
  var ranks = [Double](repeating: 0, count: values.count)
  var start = 0
  while start < order.count {
    var end = start + 1
    while end < order.count && values[order[end]] == values[order[start]] { end += 1 }
    // Positions start..<end hold ranks start+1 ... end; their average is (start + 1 + end) / 2.
    let rank = Double(start + 1 + end) / 2
    for position in start..<end { ranks[order[position]] = rank }
    start = end
  }
  return ranks
}

/// Spearman's rank correlation of two equal-length lists, equal to `scipy.stats.spearmanr(x, y)`.
///
/// ρ = Pearson's r of the average ranks (`averageRanks`) of x and of y; ties share their average rank, so
/// ρ stays exact with ties (the 1 − 6Σd²/(n(n²−1)) shortcut would not). O(n log n) time.
///
/// Returns nil where SciPy returns NaN: fewer than two values, either list constant, or a NaN anywhere.
/// Infinities are ordinary ordered values here, as they are for SciPy's ranks.
public func spearmanRho(_ x: [Double], _ y: [Double]) -> Double? {
  precondition(
    x.count == y.count, "Spearman rho needs equal-length lists (\(x.count) vs \(y.count))")
  guard x.count >= 2, !x.contains(where: \.isNaN), !y.contains(where: \.isNaN) else { return nil }
  return pearsonR(averageRanks(x), averageRanks(y))
}

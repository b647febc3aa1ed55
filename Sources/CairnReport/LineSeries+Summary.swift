extension LineSeries {
  /// What the band of a summarized series shows.
  public enum Spread: Sendable, Hashable {
    /// No band.
    case none
    /// The minimum to the maximum over the runs.
    case range
    /// The mean ± one sample standard deviation (divisor n − 1) over the runs; no width with one run.
    case standardDeviation
  }

  /// The mean curve of several runs of the same quantity (for example one metric per epoch for each
  /// seed of an experiment arm), with a band showing their spread.
  ///
  /// The runs are aligned on equal x values. At each x present in any run, in ascending order, the
  /// line passes through the mean of the finite y values there and the band spans `spread` of them;
  /// x positions where no run has a finite y are left out. Point labels are dropped.
  /// Complexity: O(m log m) for m points in all.
  public init(
    name: String, summarizing runs: [[PlotPoint]], spread: Spread = .range, color: String? = nil
  ) {
    var valuesByX: [Double: [Double]] = [:]
    for run in runs {
      for point in run where point.isFinite {
        valuesByX[point.x, default: []].append(point.y)
      }
    }
    var points: [PlotPoint] = []
    var band: [BandPoint] = []
    for x in valuesByX.keys.sorted() {
      let values = valuesByX[x]!
      let mean = values.reduce(0, +) / Double(values.count)
      points.append(PlotPoint(x: x, y: mean))
      switch spread {
      case .none:
        break
      case .range:
        band.append(BandPoint(x: x, lower: values.min()!, upper: values.max()!))
      case .standardDeviation:
        let deviation = SeedSummary.sampleStandardDeviation(values, mean: mean) ?? 0
        band.append(BandPoint(x: x, lower: mean - deviation, upper: mean + deviation))
      }
    }
    self.init(name: name, points: points, band: band, color: color)
  }
}

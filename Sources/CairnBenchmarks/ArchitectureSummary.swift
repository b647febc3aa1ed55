/// The seeds of one architecture under one configuration, summarised.
public struct ArchitectureSummary: Hashable, Sendable {
  /// The architecture in its space's text form.
  public let architecture: String
  /// The number of seeds (runs).
  public let count: Int
  /// The mean test accuracy over the seeds, in percent.
  public let mean: Double
  /// The sample standard deviation over the seeds (divisor count − 1), in percent; nil for a single seed.
  public let standardDeviation: Double?
  /// The seeds, ascending.
  public let seeds: [Int]

  /// Summarises `accuracies` (one per seed, in the order of `seeds`).
  init(architecture: String, seeds: [Int], accuracies: [Double]) {
    self.architecture = architecture
    count = accuracies.count
    let mean = accuracies.reduce(0, +) / Double(accuracies.count)
    self.mean = mean
    if accuracies.count > 1 {
      let squares = accuracies.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
      standardDeviation = (squares / Double(accuracies.count - 1)).squareRoot()
    } else {
      standardDeviation = nil
    }
    self.seeds = seeds
  }
}

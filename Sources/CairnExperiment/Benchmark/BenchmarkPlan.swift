import CairnBenchmarks
import CairnCore
import CairnTraining
import Foundation

/// What `cairn bench build` trains: architectures of one space, each stand-alone under one training protocol with
/// every listed seed, recorded in a results store.
///
/// Read from YAML (`BenchmarkPlan.load(from:)`):
///
///     space: nb201
///     dataset: cifar10
///     epochs: 200                 # the training protocol: every `cairn train` option but the architecture and
///     channels: 16                # the seed, under the keys of a saved config.yaml (cells_per_stage,
///     cells_per_stage: 5          # learning_rate, batch_size, weight_decay, augmentation, limit, …)
///     architectures:              # a list of architecture texts, or
///       sample: {count: 500, seed: 0}   # a seeded sample of distinct architectures (the space's own sampler)
///     seeds: [0]                  # training seeds of every architecture
///     extra_seeds: {architectures: 10, seeds: [1]}   # more seeds for the first 10: the benchmark's own noise
///     store: runs/results.sqlite  # the results store (default shown)
///     runs: runs/bench            # root of the run directories (default shown)
///
/// Unknown keys and bad values are errors naming the file and the key; paths are relative to the working
/// directory. The protocol hash is `StandaloneConfiguration.protocolHash`, the one `cairn train --record` records
/// under the same options, so results of either are interchangeable.
public struct BenchmarkPlan: Sendable, Hashable {
  /// Which architectures the plan trains.
  public enum Architectures: Sendable, Hashable {
    /// These architecture texts, in order (distinct networks).
    case listed([String])
    /// `count` distinct architectures drawn by the space's own sampler from the stream seeded with `seed`.
    case sampled(count: Int, seed: UInt64)
  }

  /// More seeds for the first architectures of the plan.
  public struct ExtraSeeds: Sendable, Hashable {
    /// How many of the plan's first architectures get them.
    public var architectures: Int
    public var seeds: [UInt64]

    public init(architectures: Int, seeds: [UInt64]) {
      self.architectures = architectures
      self.seeds = seeds
    }
  }

  /// The training protocol and data options; its architecture is empty and its seed 0 (each job sets both).
  public var training: StandaloneConfiguration
  public var architectures: Architectures
  /// The seeds every architecture is trained with.
  public var seeds: [UInt64]
  public var extraSeeds: ExtraSeeds?
  /// The results store (SQLite).
  public var store: String
  /// The root of the run directories: each job trains in `<runs>/<protocol hash>/<architecture id>-s<seed>`.
  public var runs: String

  public init(
    training: StandaloneConfiguration, architectures: Architectures, seeds: [UInt64] = [0],
    extraSeeds: ExtraSeeds? = nil, store: String = ResultsStoreLocation.defaultPath,
    runs: String = "runs/bench"
  ) {
    var protocolOnly = training.normalized
    protocolOnly.architecture = ""
    protocolOnly.seed = 0
    self.training = protocolOnly
    self.architectures = architectures
    self.seeds = seeds
    self.extraSeeds = extraSeeds
    self.store = store
    self.runs = runs
  }

  /// The hash of the training protocol (`StandaloneConfiguration.protocolHash`).
  public var protocolHash: String { training.protocolHash }

  /// The configuration of one job.
  public func configuration(for job: BenchmarkJob) -> StandaloneConfiguration {
    var configuration = training
    configuration.architecture = job.architecture
    configuration.seed = job.seed
    return configuration
  }

  /// The run directory of one job.
  public func runDirectory(for job: BenchmarkJob) -> RunDirectory {
    RunDirectory(
      URL(fileURLWithPath: runs).appendingPathComponent(protocolHash)
        .appendingPathComponent("\(job.architectureID)-s\(job.seed)").path)
  }
}

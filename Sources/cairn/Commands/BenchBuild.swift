import ArgumentParser
import CairnCore
import CairnDistributed
import CairnExperiment
import CairnTraining
import Foundation

extension Bench {
  /// `cairn bench build`: trains a plan's architectures stand-alone into the results store.
  struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract:
        "Build a benchmark: train a plan's architectures stand-alone and record them in the store.",
      discussion: """
        PLAN is YAML (see examples/bench-nb201-tiny.yaml): space, dataset, the training protocol (the options \
        of `cairn train` under their config.yaml keys), architectures (a list, or sample: {count, seed}), seeds, \
        extra_seeds, store and runs. Jobs whose row is already in the store are skipped; each other job trains \
        in <runs>/<protocol>/<architecture id>-s<seed> and resumes from its checkpoint there, so running the \
        same command again continues a stopped build. Ctrl-C or SIGTERM stops at the next step with a \
        checkpoint. A failing job is reported and the build goes on; the exit code is then 1.

        Under mpirun (`mpirun -np 4 cairn bench build PLAN`) process i of n builds shard i/n into a staging store \
        of its own (<store>.rank-i-of-n), and rank 0 merges them into the store at the end, so no two processes \
        write one SQLite file; a stopped build merges what it staged when it runs again.
        """)

    @Argument(help: "The build plan (YAML).") var plan: String
    @Option(
      help:
        "Build only shard i of n (0-based: 0/2 and 1/2 split the jobs in two, for processes sharing one store)."
    )
    var shard: String?
    @Option(help: "oneDNN threads per job (default: all cores).") var threads: Int?

    func run() throws {
      try Cairn.reportingErrors {
        var shard = try shard.map(Shard.init(parsing:)) ?? .all
        try ThreadOption.apply(threads)
        let build = try BenchmarkBuild(plan: BenchmarkPlan.load(from: URL(fileURLWithPath: plan)))
        let world = try Communicator.world()
        var staging: String?
        if world.size > 1 {
          guard self.shard == nil else {
            throw CairnError.invalidInput(
              "--shard and mpirun would split the jobs twice; use one of them")
          }
          shard = try Shard(index: world.rank, count: world.size)
          staging = build.stagingStore(rank: world.rank, of: world.size)
        }
        let progress = world.isRoot ? ProgressBar.attached(to: build) : nil
        let rank = world.size > 1 ? "[rank \(world.rank)] " : ""
        build.onJob = { event in
          if let progress {
            progress.log(rank + Self.line(event))
          } else {
            print(rank + Self.line(event))
          }
        }
        let report = try build.run(shard: shard, staging: staging)
        progress?.finish()
        print(
          "\(rank)shard \(report.shard): \(report.trained) trained, \(report.alreadyRecorded) already recorded, "
            + "\(report.failures.count) failed of \(report.jobs) jobs; store \(staging ?? build.plan.store), "
            + "protocol \(build.plan.protocolHash)")
        if world.size > 1 {
          // Every rank's rows are in its staging store; rank 0 alone writes the plan's store.
          world.barrier()
          if world.isRoot {
            let moved = try build.mergeStagingStores(
              (0..<world.size).map { build.stagingStore(rank: $0, of: world.size) })
            print("merged \(moved) rows of \(world.size) processes into \(build.plan.store)")
          }
        }
        fflush(nil)
        guard report.failures.isEmpty else {
          throw CairnError.failure(
            "\(report.failures.count) of \(report.jobs) jobs failed (first: \(report.failures[0].job.architectureID)-s"
              + "\(report.failures[0].job.seed): \(report.failures[0].message)); run again to retry them"
          )
        }
      }
    }

    /// One line per finished job: progress, the job, its outcome and time, elapsed time and ETA.
    static func line(_ event: BenchmarkJobEvent) -> String {
      let job = "\(event.job.architectureID)-s\(event.job.seed)"
      let outcome: String
      switch event.outcome {
      case .recorded(let accuracy):
        outcome = String(format: "test accuracy %.2f%% (%.1f s)", accuracy, event.seconds)
      case .recordedElsewhere: outcome = "recorded meanwhile by another process"
      case .failed(let message): outcome = "FAILED: \(message)"
      }
      return "[\(event.finished)/\(event.total)] \(job) \(outcome); elapsed "
        + "\(ProgressBar.duration(event.elapsedSeconds)), ETA \(ProgressBar.duration(event.secondsRemaining))"
    }
  }

  /// `cairn bench status`: how much of a plan is recorded.
  struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract:
        "How many of a build plan's jobs are recorded and pending, the accuracies' spread and the seed-to-seed noise."
    )

    @Argument(help: "The build plan (YAML).") var plan: String
    @Option(help: "Also show the share of each of this many shards.") var shards = 1

    func run() throws {
      try Cairn.reportingErrors {
        guard shards >= 1 else {
          throw CairnError.invalidInput("--shards must be at least 1, got \(shards)")
        }
        let build = try BenchmarkBuild(plan: BenchmarkPlan.load(from: URL(fileURLWithPath: plan)))
        let status = try build.status(shards: shards)
        print(
          "\(status.jobs) jobs: \(status.recorded) recorded, \(status.pending) pending (store "
            + "\(build.plan.store), protocol \(build.plan.protocolHash))")
        if shards > 1 {
          for share in status.shards {
            print(
              "shard \(share.shard): \(share.jobs) jobs, \(share.recorded) recorded, "
                + "\(share.pending) pending")
          }
        }
        try printQuality(of: build)
      }
    }

    /// The spread of the recorded accuracies and, with extra seeds, the seed-to-seed agreement.
    private func printQuality(of build: BenchmarkBuild) throws(CairnError) {
      let quality = try build.quality()
      if let spread = quality.spread {
        print(
          String(
            format:
              "accuracy (seed %llu, %d architectures): mean %.2f, std %.2f, min %.2f, max %.2f",
            build.plan.seeds[0], spread.architectures, spread.mean, spread.standardDeviation,
            spread.minimum, spread.maximum))
      }
      guard let noise = quality.noise else { return }
      print(
        "seed \(noise.seeds.first) vs seed \(noise.seeds.second) over \(noise.architectures) architectures: "
          + "Kendall tau-b \(noise.kendallTau.formattedValue) \(noise.kendallTau.formattedInterval), "
          + "Spearman \(noise.spearman.formattedValue) \(noise.spearman.formattedInterval), "
          + String(format: "mean |difference| %.2f points", noise.meanAbsoluteDifference))
    }
  }
}

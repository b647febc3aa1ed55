import ArgumentParser
import CairnCore
import CairnDistributed
import CairnEngine
import CairnSupernet
import CairnTraining
import Foundation

/// `cairn supernet`: train weight-sharing super-nets and rank architectures with them.
struct Supernet: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Train a weight-sharing super-net (SPOS or FairNAS, optionally landmark-regularized).",
    subcommands: [TrainSupernet.self])

  struct TrainSupernet: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "train",
      abstract:
        "Train a super-net from a YAML configuration and rank an evaluation pool against ground truth.",
      discussion: """
        The run directory holds config.json (resolved), metrics.jsonl (one line per epoch, with KdT, S-KdT, \
        Spearman and P@K at evaluation epochs), landmarks.csv, scores.csv, ranking.json and an atomic \
        checkpoint. Running the same command again resumes.

        A file with a `stages` list trains in stages (progressive training): each stage's keys are laid over the \
        rest of the file, stage i runs in <run-dir>/<i>-<name>, starts from the weights the stage before ended \
        with, and ranks the pool at its end; the whole pipeline resumes after a kill.
        """)

    @Argument(help: "The YAML configuration file.") var config: String
    @Option(help: "The run directory (default: runs/<name>).") var runDir: String?
    @Option(help: "oneDNN threads (default: all cores).") var threads: Int?
    @Flag(help: "Time every oneDNN primitive and print where the time went.") var profile = false

    func run() throws {
      try Cairn.reportingErrors {
        try ThreadOption.apply(threads)
        let url = URL(fileURLWithPath: config)
        let world = try Communicator.world()
        if let pipeline = try SupernetPipeline.load(from: url) {
          guard world.size == 1 else {
            throw CairnError.invalidInput(
              "\(config) trains in stages, which run as a single process only (start it without mpirun)"
            )
          }
          try train(pipeline, directory: runDir ?? "runs/\(pipeline.name)")
          return
        }
        let configuration = try SupernetConfiguration.load(from: url)
        let directory = runDir ?? "runs/\(configuration.name)"
        let sampler = configuration.training.sampler
        guard world.size == 1 || !sampler.learnsArchitecture else {
          throw CairnError.invalidInput(
            "training.sampler \(sampler.rawValue) learns architecture parameters, which data-parallel runs do "
              + "not average; run it as a single process (without mpirun)")
        }
        let launch = try DataParallelLaunch(
          world: world, runDirectory: URL(fileURLWithPath: directory),
          batchSize: configuration.training.batchSize)
        let trainer = try SupernetTrainer(
          configuration: configuration, runDirectory: RunDirectory(launch.directory.path))
        trainer.dataShard = launch.shard
        trainer.gradientReducer = world.gradientAveraging()
        trainer.outcomeReducer = world.outcomeCombining()
        if world.size > 1 {
          // Each process scores its share of every evaluation pool; the sums give every process all scores.
          trainer.scoringShare = ScoringShare(shard: launch.shard) { values in
            var summed = values
            summed.withUnsafeMutableBufferPointer { world.sum($0) }
            return summed
          }
        }
        // Only rank 0 speaks; the other ranks train the same steps on their slices of each batch.
        let progress = world.isRoot ? ProgressBar.attached(to: trainer) : nil
        if world.isRoot {
          let ranks = world.size > 1 ? ", \(world.size) processes (data-parallel)" : ""
          print("training super-net '\(configuration.name)', run directory \(directory)\(ranks)")
        }
        Profiler.isEnabled = profile
        let result = try trainer.train()
        progress?.finish()
        guard world.isRoot else { return }
        if world.size > 1 {
          let (seconds, calls, bytes) = world.sumStatistics
          let megabytes = Double(bytes) / 1e6
          print(
            String(
              format: "data-parallel: %d processes; allreduce %.2f s in %d calls, %.1f MB summed",
              world.size, seconds, calls, megabytes))
        }
        if profile { ProfileReport.print() }
        print(result.report.table())
        print("scores: \(directory)/scores.csv, ranking: \(directory)/ranking.json")
      }
    }

    /// Trains (or resumes) every stage in order, then prints each stage's ranking of the pool.
    func train(_ pipeline: SupernetPipeline, directory: String) throws {
      let run = SupernetPipelineRun(pipeline: pipeline, directory: directory)
      var progress: ProgressBar?
      run.onStage = { index, stage, stageDirectory, finished in
        progress?.finish()
        progress = nil
        let position = "stage \(index + 1)/\(pipeline.stages.count) '\(stage.name)'"
        print(
          finished
            ? "\(position) is finished" : "\(position), run directory \(stageDirectory.url.path)")
      }
      run.onTrainer = { progress = ProgressBar.attached(to: $0) }
      let results = try run.train()
      progress?.finish()
      var lines: [String] = []
      for (index, (stage, result)) in zip(pipeline.stages, results).enumerated() {
        let r = result.report
        let label = "\(index + 1)-\(stage.name)".padding(
          toLength: 24, withPad: " ", startingAt: 0)
        lines.append(
          label
            + String(
              format: "KdT %7.4f  S-KdT %7.4f  Spearman %7.4f  Pearson %7.4f",
              r.kendallTau.value ?? .nan, r.sparseKendallTauLandmarkAuthors.value ?? .nan,
              r.spearmanRho.value ?? .nan, r.pearsonR.value ?? .nan))
      }
      print("stages (pool ranking at each stage's end):")
      for line in lines { print("  " + line) }
    }
  }
}

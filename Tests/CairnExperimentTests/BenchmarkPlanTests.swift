import CairnBenchmarks
import CairnCore
import CairnSpaces
import CairnTraining
import Foundation
import Testing

@testable import CairnExperiment

@Suite struct BenchmarkPlanTests {
  let sampled = """
    space: nb201
    dataset: cifar10
    epochs: 3
    channels: 4
    cells_per_stage: 1
    limit: 16
    architectures:
      sample: {count: 5, seed: 9}
    seeds: [0, 2]
    extra_seeds: {architectures: 2, seeds: [7]}
    store: s.sqlite
    runs: r
    """

  func problem(_ text: String) -> String? {
    do {
      _ = try BenchmarkPlan.parse(text, path: "plan.yaml")
      return nil
    } catch {
      return error.description
    }
  }

  @Test func aSampledPlanExpandsDeterministicallySeedBySeed() throws {
    let plan = try BenchmarkPlan.parse(sampled, path: "plan.yaml")
    #expect(plan.training.epochs == 3 && plan.training.channels == 4 && plan.training.limit == 16)
    #expect(plan.store == "s.sqlite" && plan.runs == "r")
    let jobs = try plan.jobs()
    #expect(try BenchmarkPlan.parse(sampled, path: "other.yaml").jobs() == jobs)
    #expect(jobs.count == 5 * 2 + 2)
    #expect(jobs.map(\.number) == Array(0..<12))
    #expect(jobs.map(\.seed) == [0, 0, 0, 0, 0, 2, 2, 2, 2, 2, 7, 7])
    let firstSeed = jobs.prefix(5).map(\.architecture)
    #expect(Set(firstSeed).count == 5)
    #expect(jobs[5..<10].map(\.architecture) == firstSeed)
    #expect(jobs[10...].map(\.architecture) == Array(firstSeed.prefix(2)))
    // Drawn by the space's own sampler, distinct by identity, from the stream the seed names.
    var random = RandomStream(seed: 9, name: "benchmark-architectures")
    let expected = try NB201Space().distinctSample(5, using: &random).map(\.archString)
    #expect(firstSeed == expected)
    let other = try BenchmarkPlan.parse(
      sampled.replacingOccurrences(of: "seed: 9", with: "seed: 10"), path: "p"
    ).jobs()
    #expect(other.prefix(5).map(\.architecture) != firstSeed)
    #expect(Set(jobs.map { plan.runDirectory(for: $0).url.path }).count == jobs.count)
    #expect(plan.runDirectory(for: jobs[0]).url.path.contains("/r/\(plan.protocolHash)/"))
  }

  @Test func theProtocolHashIsTheOneCairnTrainRecords() throws {
    let plan = try BenchmarkPlan.parse(
      sampled + "\naugmentation: crop-flip\ndata_directory: /somewhere\n", path: "p")
    var train = StandaloneConfiguration(architecture: try plan.jobs()[3].architecture)
    train.epochs = 3
    train.channels = 4
    train.cellsPerStage = 1
    train.limit = 16
    train.seed = 5
    #expect(plan.protocolHash == train.protocolHash)
    #expect(plan.configuration(for: try plan.jobs()[3]).protocolHash == train.protocolHash)
    #expect(plan.configuration(for: try plan.jobs()[3]).dataDirectory == "/somewhere")
  }

  @Test func shardsSplitTheJobsExactly() throws {
    let build = try BenchmarkBuild(plan: BenchmarkPlan.parse(sampled, path: "p"))
    for count in 1...5 {
      let shards = try (0..<count).map { try Shard(index: $0, count: count) }
      let parts = shards.map { build.jobs(of: $0).map(\.number) }
      #expect(parts.flatMap { $0 }.sorted() == Array(0..<12))
    }
    #expect(try Shard(parsing: "1/2") == Shard(index: 1, count: 2))
    for bad in ["3/2", "2/2", "-1/2", "0/0", "1", "a/b", "1/2/3", ""] {
      #expect(throws: CairnError.self, "\(bad)") { try Shard(parsing: bad) }
    }
  }

  @Test func listedArchitecturesAreCheckedAndKeptInOrder() throws {
    let a =
      "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|"
    let b =
      "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|"
    let plan = try BenchmarkPlan.parse(
      "space: nb201\narchitectures: ['\(b)', '\(a)']\n", path: "p")
    #expect(try plan.jobs().map(\.architecture) == [b, a])
    #expect(plan.seeds == [0])
    #expect(plan.store == ResultsStoreLocation.defaultPath)
    let repeated = problem("architectures: ['\(a)', '\(b)', '\(a)']\n")
    #expect(repeated?.contains("architectures[2] is the same network as architectures[0]") == true)
    let bad = problem("architectures: ['\(a)', '|bogus~0|']\n")
    #expect(
      bad?.hasPrefix("plan.yaml: key 'architectures': architectures[1]: ") == true, "\(bad ?? "")")
  }

  /// Found by the benchmark-plan fuzz target: an explicit key that is itself a mapping trapped in Yams.
  @Test func aPlanWhoseKeyIsAMappingIsRefused() {
    #expect(throws: CairnError.self) {
      try BenchmarkPlan.parse(
        "# The DARTS benchmark\n? A killht_decay: 0.0003\naugmentation: croparts\n", path: "p.yaml")
    }
  }

  @Test func badPlansNameTheFileAndTheKey() {
    let cases: [(String, String)] = [
      (sampled + "\nepocs: 3\n", "unknown key 'epocs'; did you mean 'epochs'?"),
      (
        sampled + "\narchitecture: x\n", "unknown key 'architecture'; did you mean 'architectures'?"
      ),
      (sampled + "\nseed: 3\n", "unknown key 'seed'; did you mean 'seeds'?"),
      (
        sampled.replacingOccurrences(of: "count: 5", with: "count: 15626"),
        "the nb201 space has only 15625"
      ),
      (
        sampled.replacingOccurrences(of: "count: 5", with: "count: 0"),
        "architectures.sample.count must be at least 1"
      ),
      (
        sampled.replacingOccurrences(of: "count: 5,", with: "cuont: 5,"),
        "key 'architectures.sample.cuont': unknown key"
      ),
      (
        sampled.replacingOccurrences(of: "sample:", with: "draw:"),
        "key 'architectures.draw': unknown key"
      ),
      ("architectures: []\n", "key 'architectures' lists no architecture"),
      ("architectures: 7\n", "key 'architectures': must be a list"),
      (
        sampled.replacingOccurrences(of: "seeds: [0, 2]", with: "seeds: []"),
        "key 'seeds' lists no seed"
      ),
      (
        sampled.replacingOccurrences(of: "seeds: [0, 2]", with: "seeds: [1, 1]"),
        "seed 1 is listed twice in 'seeds'"
      ),
      (
        sampled.replacingOccurrences(of: "seeds: [7]", with: "seeds: [2]"),
        "seed 2 of 'extra_seeds.seeds' is already in 'seeds'"
      ),
      (
        sampled.replacingOccurrences(of: "architectures: 2,", with: "architectures: 6,"),
        "extra_seeds.architectures must be in 1...5"
      ),
      (
        sampled.replacingOccurrences(of: "extra_seeds: {", with: "extra_seeds: {bogus: 1, "),
        "unknown key 'extra_seeds.bogus'"
      ),
      (
        sampled.replacingOccurrences(of: "epochs: 3", with: "epochs: 0"),
        "--epochs must be positive"
      ),
      (sampled.replacingOccurrences(of: "epochs: 3", with: "epochs: 1.5"), "epochs"),
      (sampled.replacingOccurrences(of: "dataset: cifar10", with: "dataset: cifar11"), "dataset"),
      (sampled.replacingOccurrences(of: "space: nb201", with: "space: nb301"), "space"),
      ("- 1\n", "the top level must be a mapping"),
    ]
    for (text, expected) in cases {
      let shown = problem(text)
      #expect(shown?.hasPrefix("plan.yaml: ") == true, "\(expected): \(shown ?? "nil")")
      #expect(shown?.contains(expected) == true, "\(expected): \(shown ?? "nil")")
      #expect(shown?.contains("\n") == false)
    }
  }

  @Test func rowsOfTheSameNetworkInAnotherTextFormCountAsRecorded() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "cairn-plan-\(UUID())")
    defer { try? FileManager.default.removeItem(at: directory) }
    let store = directory.appendingPathComponent("s.sqlite").path
    let plan = try BenchmarkPlan.parse(
      "space: nb101\narchitectures: {sample: {count: 3, seed: 1}}\nstore: '\(store)'\n", path: "p")
    let build = try BenchmarkBuild(plan: plan)
    #expect(try build.status().recorded == 0)
    #expect(!FileManager.default.fileExists(atPath: store))
    let job = build.jobs[1]
    let pruned = try #require(try NB101Architecture(parsing: job.architecture).pruned())
    #expect(pruned.description != job.architecture)
    try ResultsStoreLocation.open(store).record(
      StoredResult(
        space: "nb101", architecture: pruned.description, dataset: "cifar10",
        configHash: plan.protocolHash, seed: 0, testAccuracy: 50, epochs: 1))
    let status = try build.status(shards: 2)
    #expect(status.recorded == 1 && status.pending == 2)
    #expect(status.shards.map(\.recorded) == [0, 1])
  }
}

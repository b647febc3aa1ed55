import Foundation
import Testing

/// `cairn train --space darts`: a tiny DARTS-V2 network trains with the auxiliary head and drop-path and records
/// its result; DARTS-only options are refused for other spaces, and bad genotypes name the problem.
@Suite struct DARTSCommandTests {
  static let dartsV2 =
    "Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])"

  @Test func trainsAndRecordsADARTSGenotype() throws {
    let directory = try temporaryDirectory()
    let store = directory.appendingPathComponent("results.sqlite").path
    let result = try cairn([
      "train", "--space", "darts", "--arch", Self.dartsV2, "--cells", "3", "--channels", "4",
      "--aux-weight", "0.4", "--drop-path", "0.2", "--epochs", "1", "--batch-size", "16",
      "--limit", "32", "--run-dir", directory.appendingPathComponent("run").path, "--record",
      "--store", store,
    ])
    #expect(result.status == 0, "\(result.error)")
    #expect(result.output.contains("recorded in \(store)"), "\(result.output)")
  }

  func expectBadInput(_ arguments: [String], mentions: String) throws {
    let result = try cairn(arguments)
    #expect(result.status == 2, "\(arguments): status \(result.status), stderr \(result.error)")
    #expect(result.error.split(separator: "\n").count == 1, "\(result.error)")
    #expect(result.error.contains(mentions), "\(result.error)")
  }

  @Test func dartsOptionsAreRefusedForOtherSpaces() throws {
    try expectBadInput(
      ["train", "--arch", "0", "--aux-weight", "0.4"],
      mentions: "--aux-weight applies to space darts only, not nb201")
    try expectBadInput(
      ["train", "--arch", "0", "--drop-path", "0.2"],
      mentions: "--drop-path applies to space darts only, not nb201")
  }

  /// A DARTS super-net configuration loads; its `truth` cannot name a table, and the error says where DARTS
  /// ground truth comes from.
  @Test func aDARTSSupernetNamesWhereItsGroundTruthComesFrom() throws {
    let directory = try temporaryDirectory()
    let config = directory.appendingPathComponent("darts.yaml")
    try """
    space: darts
    truth: darts:cifar10_standalone_acc
    supernet: {channels: 4, batch_norm_affine: false, darts: {cells: 3}}
    training: {epochs: 1, batch_size: 16, sample_from: space}
    """.write(to: config, atomically: true, encoding: .utf8)
    try expectBadInput(
      [
        "supernet", "train", config.path, "--run-dir", directory.appendingPathComponent("run").path,
      ],
      mentions: "the darts space has no shipped table")
  }

  @Test func badDARTSInputNamesTheProblem() throws {
    try expectBadInput(
      [
        "train", "--space", "darts", "--arch",
        Self.dartsV2.replacingOccurrences(
          of: "dil_conv_3x3", with: "dil_conv_7x7"),
      ],
      mentions: "unknown DARTS op 'dil_conv_7x7'")
    try expectBadInput(
      ["train", "--space", "darts", "--arch", Self.dartsV2, "--drop-path", "1.5"],
      mentions: "--drop-path")
    try expectBadInput(
      [
        "train", "--space", "darts", "--arch", Self.dartsV2, "--dataset", "fashion-mnist",
        "--aux-weight", "0.4",
      ], mentions: "auxiliary head")
    try expectBadInput(
      ["train", "--space", "darts", "--arch", Self.dartsV2, "--cells", "0"], mentions: "--cells")
  }

  /// A DARTS genotype: DARTS-V2 with the ops of the normal cell's first two edges replaced by `first` and `second`.
  static func genotype(_ first: String, _ second: String) -> String {
    dartsV2.replacingOccurrences(
      of: "normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1)",
      with: "normal=[('\(first)', 0), ('\(second)', 1)")
  }

  /// A DARTS super-net with landmark regularization trains against a built benchmark (ten genotypes with made-up
  /// accuracies, imported from CSV with quoted genotype fields) and scores the pool the landmarks leave.
  @Test func aDARTSSupernetWithLandmarksTrainsAgainstABuiltBenchmark() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let ops = ["sep_conv_3x3", "sep_conv_5x5", "dil_conv_3x3", "max_pool_3x3", "skip_connect"]
    let genotypes = (0..<10).map { Self.genotype(ops[$0 % 5], ops[$0 / 5]) }
    let rows = genotypes.enumerated().map {
      "darts,\"\($1)\",cifar10,0123abcd0123abcd,0,\(40 + $0)"
    }
    let csv = directory.appendingPathComponent("built.csv")
    try ("space,arch,dataset,config_hash,seed,accuracy\n" + rows.joined(separator: "\n")).write(
      to: csv, atomically: true, encoding: .utf8)
    let imported = try cairn(["bench", "import", csv.path], directory: directory)
    #expect(imported.status == 0, "\(imported.error)")
    let config = directory.appendingPathComponent("darts.yaml")
    try """
    space: darts
    truth: darts:cifar10_standalone_acc@0123abcd
    limit: 32
    supernet: {channels: 4, batch_norm_affine: false, darts: {cells: 3}}
    training: {epochs: 1, batch_size: 16, sample_from: space}
    landmarks: {enabled: true, count: 4, weight: 1, warmup_epochs: 0, schedule: constant}
    evaluation: {every: 1, pool_size: 6, scoring_batches: 1, top_k: 3, bootstrap: 0}
    """.write(to: config, atomically: true, encoding: .utf8)
    let trained = try cairn(
      ["supernet", "train", config.path, "--run-dir", "run", "--threads", "1"], directory: directory
    )
    #expect(trained.status == 0, "\(trained.error)")
    let scores = try String(
      contentsOf: directory.appendingPathComponent("run/scores.csv"), encoding: .utf8)
    #expect(scores.split(separator: "\n").count == 7, "\(scores)")
    #expect(scores.contains("Genotype(normal="), "\(scores)")
  }
}

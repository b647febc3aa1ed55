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
}

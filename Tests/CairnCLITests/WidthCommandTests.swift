import Foundation
import Testing

/// The ResNet-20 width space from the command line: a stand-alone network trains and is recorded, bad width
/// architectures name the problem, and a super-net with landmarks trains against a store's ground truth.
@Suite struct WidthCommandTests {
  static let narrow = "4-8-4-8-4-8-4-8-12-8-12-8-12-16-8-16-8-16-8"

  /// Twelve architectures of the space: `narrow` with layer 19 at 4, 8, …, 48.
  static let known: [String] = (1...12).map { step in
    narrow.split(separator: "-").dropLast().joined(separator: "-") + "-\(4 * step)"
  }

  func expectBadInput(_ arguments: [String], mentions: String) throws {
    let result = try cairn(arguments)
    #expect(result.status == 2, "\(arguments): status \(result.status), stderr \(result.error)")
    #expect(result.error.split(separator: "\n").count == 1, "\(result.error)")
    #expect(result.error.contains(mentions), "\(result.error)")
  }

  @Test func trainsAndRecordsAWidthArchitecture() throws {
    let directory = try temporaryDirectory()
    let store = directory.appendingPathComponent("results.sqlite").path
    let result = try cairn([
      "train", "--space", "resnet20-width", "--arch", Self.narrow, "--epochs", "1",
      "--batch-size", "16", "--limit", "32", "--run-dir",
      directory.appendingPathComponent("run").path,
      "--record", "--store", store,
    ])
    #expect(result.status == 0, "\(result.error)")
    #expect(result.output.contains("recorded in \(store)"), "\(result.output)")
  }

  @Test func badWidthArchitecturesNameTheProblem() throws {
    try expectBadInput(
      ["train", "--space", "resnet20-width", "--arch", "16-16"], mentions: "19 widths, got 2")
    try expectBadInput(
      ["train", "--space", "resnet20-width", "--arch", "32" + Self.narrow.dropFirst()],
      mentions: "layer 1 has width 32")
    try expectBadInput(
      ["train", "--space", "resnet20-width", "--arch", Self.narrow, "--cells", "3"],
      mentions: "--cells")
  }

  @Test func aWidthSupernetTrainsWithLandmarksFromAStore() throws {
    let directory = try temporaryDirectory()
    let store = directory.appendingPathComponent("results.sqlite").path
    let csv = directory.appendingPathComponent("results.csv")
    let rows = Self.known.enumerated().map { index, architecture in
      "resnet20-width,\(architecture),cifar10,abcdef123456,0,\(50 + index),10"
    }
    try (["space,arch,dataset,config_hash,seed,accuracy,epochs"] + rows).joined(separator: "\n")
      .write(to: csv, atomically: true, encoding: .utf8)
    let imported = try cairn(["bench", "import", csv.path, "--store", store])
    #expect(imported.status == 0, "\(imported.error)")
    let config = directory.appendingPathComponent("width.yaml")
    try """
    space: resnet20-width
    truth: resnet20-width:cifar10_standalone_acc@abcdef123456
    limit: 32
    supernet: {width: {widens_narrowest: true, prelu_after_addition: true, projection_shortcuts: true}}
    training: {epochs: 2, batch_size: 16, sample_from: space}
    landmarks: {enabled: true, count: 4, warmup_epochs: 1, schedule: constant, weight: 1}
    evaluation: {every: 2, pool_size: 6, scoring_batches: 1, top_k: 2, bootstrap: 0}
    """.write(to: config, atomically: true, encoding: .utf8)
    let run = directory.appendingPathComponent("run").path
    let result = try cairn(
      ["supernet", "train", config.path, "--run-dir", run],
      environment: ["CAIRN_RESULTS_STORE": store])
    #expect(result.status == 0, "\(result.error)")
    #expect(result.output.contains("S-KdT"), "\(result.output)")
    let landmarks = try String(contentsOfFile: run + "/landmarks.csv", encoding: .utf8)
    #expect(landmarks.split(separator: "\n").count == 5, "\(landmarks)")

    // The enhancement is a width-space option only.
    let nb201 = directory.appendingPathComponent("nb201.yaml")
    try """
    truth: nb201:cifar10_test_acc_200ep
    supernet: {width: {prelu_after_addition: true}}
    """.write(to: nb201, atomically: true, encoding: .utf8)
    try expectBadInput(
      ["supernet", "train", nb201.path, "--run-dir", directory.appendingPathComponent("x").path],
      mentions: "supernet.width applies to space resnet20-width only")
  }

  /// The progressive pipeline end to end: the widest network, in-place distillation with max-recover, quarter
  /// branches and step branches, each stage starting from the one before and ranking the pool.
  @Test func theProgressivePipelineRunsEveryStage() throws {
    let directory = try temporaryDirectory()
    let store = directory.appendingPathComponent("results.sqlite").path
    let csv = directory.appendingPathComponent("results.csv")
    let rows = Self.known.enumerated().map { index, architecture in
      "resnet20-width,\(architecture),cifar10,abcdef123456,0,\(50 + index),10"
    }
    try (["space,arch,dataset,config_hash,seed,accuracy,epochs"] + rows).joined(separator: "\n")
      .write(to: csv, atomically: true, encoding: .utf8)
    #expect(try cairn(["bench", "import", csv.path, "--store", store]).status == 0)
    let config = directory.appendingPathComponent("progressive.yaml")
    try """
    name: progressive
    space: resnet20-width
    truth: resnet20-width:cifar10_standalone_acc@abcdef123456
    limit: 32
    supernet: {width: {widens_narrowest: true, prelu_after_addition: true, projection_shortcuts: true}}
    training: {epochs: 1, batch_size: 16, sample_from: space}
    evaluation: {every: 1, pool_size: 6, scoring_batches: 1, top_k: 2, bootstrap: 0}
    distillation: {students: 2, look_paths: 2, max_recover: 2}
    landmarks: {count: 4}
    stages:
      - {name: widest, training: {sampler: largest}}
      - {name: distillation, training: {sampler: inplace-distillation}}
      - name: branches
        supernet: {width: {widens_narrowest: true, prelu_after_addition: true, projection_shortcuts: true, branches: quarters}}
        training: {sampler: inplace-distillation}
      - name: finer
        supernet: {width: {widens_narrowest: true, prelu_after_addition: true, projection_shortcuts: true, branches: steps}}
        training: {sampler: inplace-distillation}
    """.write(to: config, atomically: true, encoding: .utf8)
    let run = directory.appendingPathComponent("run").path
    let result = try cairn(
      ["supernet", "train", config.path, "--run-dir", run],
      environment: ["CAIRN_RESULTS_STORE": store])
    #expect(result.status == 0, "\(result.error)")
    for stage in ["1-widest", "2-distillation", "3-branches", "4-finer"] {
      #expect(result.output.contains(stage), "\(result.output)")
      #expect(FileManager.default.fileExists(atPath: "\(run)/\(stage)/result.json"))
    }
    #expect(result.error.contains("initialised from \(run)/3-branches"), "\(result.error)")
    let metrics = try String(contentsOfFile: "\(run)/2-distillation/metrics.jsonl", encoding: .utf8)
    #expect(metrics.contains("recovered_paths"), "\(metrics)")
    // Running again reads every finished stage back.
    let again = try cairn(
      ["supernet", "train", config.path, "--run-dir", run],
      environment: ["CAIRN_RESULTS_STORE": store])
    #expect(again.status == 0 && again.output.contains("stage 4/4 'finer' is finished"))
  }
}

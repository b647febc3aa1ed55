import CairnCore
import CairnTraining
import Foundation
import Testing

@testable import CairnSupernet

/// Every key of the super-net configuration, with a value that must be refused naming the key.
///
/// The table is checked against the schema, so a key added without a bad value here fails the test.
@Suite struct ConfigurationKeyTests {
  /// Bad values by dotted key; each is written into a file under its key and must be refused by
  /// `SupernetConfiguration.load` with a message naming the key.
  static let badValues: [String: [String]] = [
    "name": ["''", "[1]", "../escape", "/tmp/abs", "a//b", "a/./b"],
    "space": ["nb301", "7"],
    "dataset": ["mnist"],
    "data_directory": ["[1, 2]"],
    "validation_fraction": ["0", "1", "-0.5", "abc"],
    "limit": ["1", "-3", "2.5"],
    "truth": ["''", "{a: 1}"],
    "seed": ["-1", "x"],
    "precision": ["fp16", "3"],
    "supernet.channels": ["0", "2000"],
    "supernet.cells_per_stage": ["0", "65"],
    "supernet.sharing": ["per-cell"],
    "supernet.batch_norm_affine": ["maybe"],
    "supernet.batch_norm_tracks_running_statistics": ["2"],
    "supernet.nb101.vertex_channels": ["wide"],
    "supernet.nb101.output_in_degree": ["0", "6"],
    "supernet.nb101.batch_norm_per_input_set": ["maybe", "2"],
    "supernet.nb101.channel_slicing": ["random", "first"],
    "supernet.darts.cells": ["0", "65"],
    "training.epochs": ["0", "-1", "100001"],
    "training.batch_size": ["0", "70000"],
    "training.learning_rate": ["0", "-0.1", ".inf"],
    "training.minimum_learning_rate": ["-1", "1"],
    "training.momentum": ["1", "-0.1"],
    "training.nesterov": ["yes please"],
    "training.weight_decay": ["-1"],
    "training.gradient_clip": ["0", "-5"],
    "training.sampler": ["dart", "sandwich"],
    "training.sample_from": ["anywhere"],
    "training.schedule": ["linear"],
    "training.step_epochs": ["0"],
    "training.step_gamma": ["0", "1.5"],
    "training.warmup_epochs": ["-1", "400"],
    "landmarks.enabled": ["sometimes"],
    "landmarks.count": ["1", "0"],
    "landmarks.selection": ["best"],
    "landmarks.hamming_distance": ["-1"],
    "landmarks.hamming_roots": ["0"],
    "landmarks.pairs_per_step": ["0"],
    "landmarks.pair_law": ["all"],
    "landmarks.loss": ["mse"],
    "landmarks.softplus_beta": ["0"],
    "landmarks.weight": ["-1", ".nan"],
    "landmarks.schedule": ["cosine"],
    "landmarks.schedule_form": ["exact"],
    "landmarks.warmup_epochs": ["-2"],
    "landmarks.landmark_warmup_epochs": ["-1", "400"],
    "landmarks.architectures": ["['|none~0|+|none~0|none~1|+|none~0|none~1|none~2|']", "7"],
    "landmarks.source": ["database"],
    "landmarks.store": ["''"],
    "landmarks.store_protocol": ["[1]"],
    "landmarks.iterations": ["0", "401"],
    "landmarks.added_per_iteration": ["0"],
    "landmarks.search_pool_size": ["1", "2000000"],
    "evaluation.every": ["0"],
    "evaluation.pool_size": ["1"],
    "evaluation.batch_norm": ["running"],
    "evaluation.split": ["training", "3"],
    "training.label_smoothing": ["-0.1", "1", "x"],
    "training.restarts": ["0", "1001"],
    "training.path_dropout": ["-0.1", "1"],
    "training.classifier_dropout": ["-0.5", "1.5"],
    "evaluation.recalibration_batches": ["0"],
    "evaluation.scoring_batches": ["0"],
    "evaluation.top_k": ["0"],
    "evaluation.bootstrap": ["-1"],
    "gdas.warmup_epochs": ["-1", "400"],
    "gdas.temperature_max": ["0.01"],
    "gdas.temperature_min": ["0"],
    "gdas.arch_learning_rate": ["0"],
    "gdas.arch_beta1": ["1"],
    "gdas.arch_beta2": ["-0.5"],
    "gdas.arch_weight_decay": ["-1"],
    "initialization": ["''", "[1]"],
    "supernet.width.widens_narrowest": ["maybe"],
    "supernet.width.prelu_after_addition": ["2"],
    "supernet.width.projection_shortcuts": ["often"],
    "supernet.width.branches": ["thirds", "1"],
    "distillation.students": ["0", "65"],
    "distillation.hard_weight": ["-0.1", "1.5"],
    "distillation.temperature": ["0", "-1"],
    "distillation.sandwich": ["maybe"],
    "distillation.teacher_trains": ["2"],
    "distillation.look_paths": ["-1", "65"],
    "distillation.max_recover": ["-1", "6"],
    "differentiable.order": ["third"],
    "supernet.partial_channels": ["0", "17", "3"],
    "differentiable.edge_normalization": ["maybe"],
    "differentiable.warmup_epochs": ["-1"],
    "differentiable.unrolled_learning_rate": ["0", "-1"],
    "differentiable.arch_learning_rate": ["0"],
    "differentiable.arch_beta1": ["1"],
    "differentiable.arch_beta2": ["-0.5"],
    "differentiable.arch_weight_decay": ["-1"],
    "tri_level.auxiliary": ["''", "bogus"],
    "tri_level.transfer_weight": ["-1"],
    "tri_level.auxiliary_weight": ["-1"],
    "tri_level.auxiliary_learning_rate": ["0"],
    "tri_level.auxiliary_momentum": ["1"],
    "tri_level.auxiliary_unrolled_learning_rate": ["0"],
    "tri_level.quadruples": ["0"],
    "tri_level.form": ["cubic"],
    "tri_level.temperature": ["0"],
  ]

  /// The dotted leaf keys of the schema.
  static func schemaKeys() throws -> [String] {
    func leaves(_ tree: [String: Any], _ prefix: String) -> [String] {
      tree.flatMap { key, value in
        (value as? [String: Any]).map { leaves($0, prefix + key + ".") } ?? [prefix + key]
      }
    }
    return leaves(try ConfigurationFile.keyTree(of: SupernetConfiguration.keySchema), "").sorted()
  }

  /// YAML setting `key` (dotted) to `value` on top of a valid GDAS configuration (so GDAS keys are checked).
  static func yaml(_ key: String, _ value: String) -> String {
    var base: [String: Any] = [
      "truth": "nb201:cifar10_test_acc_200ep", "training": ["sampler": "gdas"],
    ]
    let parts = key.split(separator: ".").map(String.init)
    func set(_ tree: inout [String: Any], _ path: ArraySlice<String>) {
      guard let first = path.first else { return }
      if path.count == 1 {
        tree[first] = "@VALUE@"
      } else {
        var child = tree[first] as? [String: Any] ?? [:]
        set(&child, path.dropFirst())
        tree[first] = child
      }
    }
    set(&base, parts[...])
    func render(_ tree: [String: Any], _ indent: String) -> String {
      tree.keys.sorted().map { k in
        if let child = tree[k] as? [String: Any] {
          return "\(indent)\(k):\n" + render(child, indent + "  ")
        }
        return "\(indent)\(k): \(tree[k] as? String ?? "")\n"
      }.joined()
    }
    return render(base, "").replacingOccurrences(of: "@VALUE@", with: value)
  }

  @Test func everySchemaKeyHasBadValues() throws {
    let keys = try Self.schemaKeys()
    #expect(
      Set(keys) == Set(Self.badValues.keys),
      "keys without bad values: \(Set(keys).subtracting(Self.badValues.keys))")
  }

  @Test(arguments: badValues.keys.sorted())
  func badValuesAreRefusedNamingTheKey(_ key: String) throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "cairn-config-\(UUID()).yaml")
    defer { try? FileManager.default.removeItem(at: url) }
    for value in Self.badValues[key] ?? [] {
      try Self.yaml(key, value).write(to: url, atomically: true, encoding: .utf8)
      do {
        let loaded = try SupernetConfiguration.load(from: url)
        // Values only a run can judge (the space's limits) are refused when the trainer is made.
        _ = try SupernetTrainer(
          configuration: loaded,
          runDirectory: RunDirectory(NSTemporaryDirectory() + "cairn-never-\(UUID())"))
        Issue.record("\(key): \(value) was accepted")
      } catch {
        let leaf = String(key.split(separator: ".").last ?? "")
        #expect(
          error.description.contains(key) || error.description.contains("'\(leaf)'")
            || error.description.contains(leaf),
          "\(key): \(value) was refused without naming the key: \(error.description)")
        #expect(error.isBadInput, "\(key): \(value) is bad input, not a failure")
      }
    }
  }

  @Test func aValidConfigurationOfEverySpaceLoads() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "cairn-config-\(UUID()).yaml")
    defer { try? FileManager.default.removeItem(at: url) }
    try "space: nb101\ntruth: nb101:val_acc_108\nsupernet: {channels: 8}\n".write(
      to: url, atomically: true, encoding: .utf8)
    let c = try SupernetConfiguration.load(from: url)
    _ = try SupernetTrainer(
      configuration: c, runDirectory: RunDirectory(NSTemporaryDirectory() + "cairn-\(UUID())"))
  }
}

import CairnCore
import CairnEngine
import CairnTraining
import Foundation

/// A run checkpoint of a small fixed model (a linear layer with momentum SGD), the way `TrainingLoop` writes and
/// restores them: the fuzzer's bytes stand in for the checkpoint file.
enum CheckpointFixture {
  /// The run state as `TrainingLoop` saves it, with a small task state.
  struct State: Codable {
    var configuration: String
    var loop = LoopState()
    var task = ["epoch": 1.0]
  }

  static let configuration = ["fuzz": 1]

  /// Restores `data` as a checkpoint into a fresh model and optimizer.
  static func restore(_ data: Data, in scratch: Scratch) {
    let run = RunDirectory(scratch.emptyDirectory("run").path)
    try! FileManager.default.createDirectory(
      at: run.checkpointURL.deletingLastPathComponent(), withIntermediateDirectories: true)
    try! data.write(to: run.checkpointURL)
    let (network, optimizer) = model()
    _ = try? run.restoreTrainingCheckpoint(
      into: network, optimizer: optimizer,
      configurationIdentity: try! ConfigurationIdentity(of: configuration),
      as: [String: Double].self)
  }

  /// Writes a valid checkpoint to `url`: the seed of the target's corpus.
  static func writeSeed(to url: URL) throws {
    let (network, optimizer) = model()
    let run = RunDirectory(url.deletingLastPathComponent().appendingPathComponent("seed-run").path)
    let identity = try ConfigurationIdentity(of: configuration)
    try run.saveCheckpoint(
      network: network, optimizer: optimizer, state: State(configuration: identity.text),
      format: "cairn-fuzz")
    try? FileManager.default.removeItem(at: url)
    try FileManager.default.moveItem(at: run.checkpointURL, to: url)
    try FileManager.default.removeItem(at: run.url)
  }

  private static func model() -> (Linear, SGD) {
    var random = RandomStream(seed: 1, name: "fuzz")
    let network = Linear(3, 2, random: &random)
    let optimizer = SGD(
      parameters: network.namedParameters(), learningRate: 0.1, momentum: 0.9)
    return (network, optimizer)
  }
}

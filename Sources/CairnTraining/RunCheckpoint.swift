import CairnCore
import CairnData
import CairnEngine
import Foundation

/// A run's checkpoint: one safetensors file with the model's tensors (`model.*`), the optimizer's buffers
/// (`optimizer.*`) and the run state as JSON in the metadata, so weights and state can never disagree.
extension RunDirectory {
  /// Writes the checkpoint atomically.
  public func saveCheckpoint<State: Encodable>(
    network: Module, optimizer: any Optimizer, state: State, format: String
  ) throws {
    let tensors = CheckpointTensors.of(network, optimizer)
    let encoder = JSONEncoder()
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    let stateJSON = String(decoding: try encoder.encode(state), as: UTF8.self)
    try Safetensors.write(
      tensors, metadata: ["cairn.state": stateJSON, "format": format], to: checkpointURL)
  }

  /// The model tensors of the checkpoint, by dotted path (what another run starts from); throws naming the file
  /// when there is none or it cannot be read.
  public func checkpointWeights() throws(CairnError) -> [String: Tensor] {
    guard hasCheckpoint else {
      throw .invalidFile(path: checkpointURL.path, problem: "no checkpoint to start from")
    }
    let tensors: [String: Tensor]
    do {
      tensors = try Safetensors.read(from: checkpointURL).tensors
    } catch {
      throw .invalidFile(path: checkpointURL.path, problem: "cannot read checkpoint (\(error))")
    }
    return CheckpointTensors.model(in: tensors)
  }

  /// Loads the checkpoint into `network` and `optimizer` and returns the run state; `matches` checks that the
  /// state belongs to the same configuration.
  public func restoreCheckpoint<State: Decodable>(
    into network: Module, optimizer: any Optimizer, as type: State.Type, matches: (State) -> Bool
  ) throws -> State {
    let (tensors, metadata) = try Safetensors.read(from: checkpointURL)
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    guard let text = metadata["cairn.state"],
      let state = try? decoder.decode(State.self, from: Data(text.utf8))
    else {
      throw CairnError.invalidFile(
        path: checkpointURL.path, problem: "checkpoint has no readable run state")
    }
    guard matches(state) else {
      throw CairnError.invalidInput(
        "\(url.path) holds a run with a different configuration; use a new run directory or the same options"
      )
    }
    do {
      try CheckpointTensors.load(tensors, into: network, optimizer)
    } catch {
      throw CairnError.invalidFile(path: checkpointURL.path, problem: error.description)
    }
    return state
  }
}

import CairnCore
import CairnEngine

/// How a checkpoint names a model's tensors and its optimizer's: `model.<path>` and `optimizer.<name>`.
public enum CheckpointTensors {
  /// `network`'s tensors and `optimizer`'s state under their checkpoint names.
  public static func of(_ network: Module, _ optimizer: any Optimizer) -> [String: Tensor] {
    var tensors: [String: Tensor] = [:]
    for (name, tensor) in network.namedTensors() { tensors["model.\(name)"] = tensor }
    for (name, tensor) in optimizer.stateTensors() { tensors["optimizer.\(name)"] = tensor }
    return tensors
  }

  /// The model's tensors of a checkpoint's `tensors`, by dotted path.
  public static func model(in tensors: [String: Tensor]) -> [String: Tensor] {
    prefixed("model.", in: tensors)
  }

  /// Loads what `of` gave into `network` and `optimizer`; throws naming a tensor that is missing or misshaped.
  public static func load(
    _ tensors: [String: Tensor], into network: Module, _ optimizer: any Optimizer
  )
    throws(CairnError)
  {
    try network.load(model(in: tensors))
    try optimizer.loadState(prefixed("optimizer.", in: tensors))
  }

  /// The tensors whose names start with `prefix`, under their names without it.
  private static func prefixed(_ prefix: String, in all: [String: Tensor]) -> [String: Tensor] {
    var result: [String: Tensor] = [:]
    for (name, tensor) in all where name.hasPrefix(prefix) {
      result[String(name.dropFirst(prefix.count))] = tensor
    }
    return result
  }
}

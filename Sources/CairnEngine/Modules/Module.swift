import CairnCore

/// A network building block whose parameters and buffers are discovered from its stored properties.
///
/// Stored `Tensor` properties are parameters (when created with `Tensor.parameter`) or buffers (running statistics);
/// stored `Module` properties, arrays of modules and optional modules are children. Names are dotted paths
/// (`cells.3.edges.2.conv.weight`), the same in checkpoints and safetensors files. A super-net keeps each candidate
/// op once in this tree, so every architecture shares it by construction.
open class Module {
  /// Training (batch statistics, dropout) versus evaluation behaviour, set for the whole tree by `train(_:)`.
  public private(set) var isTraining = true

  public init() {}

  /// The direct children and tensors of this module with their property names.
  open func namedChildren() -> [(String, Any)] {
    var entries: [(String, Any)] = []
    var mirror: Mirror? = Mirror(reflecting: self)
    var levels: [[(String, Any)]] = []
    while let current = mirror {
      levels.append(
        current.children.compactMap { child in
          guard var label = child.label else { return nil }
          if label.hasPrefix("$__lazy_storage_$_") { label.removeFirst("$__lazy_storage_$_".count) }
          if label.hasPrefix("_") { label.removeFirst() }
          return (label, child.value)
        })
      mirror = current.superclassMirror
    }
    for level in levels.reversed() { entries += level }
    return entries
  }

  /// Every tensor (parameters and buffers) in the tree, by dotted path, in declaration order.
  public func namedTensors() -> [(String, Tensor)] {
    var result: [(String, Tensor)] = []
    Module.collect(self, prefix: "", into: &result)
    return result
  }

  /// The trainable parameters by dotted path (including frozen ones).
  public func namedParameters() -> [(String, Tensor)] {
    namedTensors().filter { $0.1.isParameter }
  }

  /// The parameters that currently receive gradients (not frozen).
  public func trainableParameters() -> [Tensor] {
    namedParameters().map(\.1).filter(\.requiresGrad)
  }

  /// The total number of parameter elements (frozen included), as papers and benchmark tables count them.
  public var parameterCount: Int {
    namedParameters().reduce(0) { $0 + $1.1.elementCount }
  }

  /// Sets training or evaluation mode on this module and every descendant.
  public func train(_ training: Bool = true) {
    forEachModule { $0.isTraining = training }
  }

  /// Stops (or resumes) gradient updates to every parameter of this module's tree.
  public func freeze(_ frozen: Bool = true) {
    for (_, parameter) in namedParameters() { parameter.requiresGrad = !frozen }
  }

  /// Calls `body` on this module and every descendant.
  public func forEachModule(_ body: (Module) -> Void) {
    body(self)
    for (_, value) in namedChildren() {
      for child in Module.modules(in: value) { child.forEachModule(body) }
    }
  }

  private static func modules(in value: Any) -> [Module] {
    if let module = value as? Module { return [module] }
    if let modules = value as? [Module] { return modules }
    if let optional = value as? Module?, let module = optional { return [module] }
    return []
  }

  private static func collect(
    _ module: Module, prefix: String, into result: inout [(String, Tensor)]
  ) {
    for (label, value) in module.namedChildren() {
      let path = prefix + label
      switch value {
      case let tensor as Tensor:
        result.append((path, tensor))
      case let optional as Tensor?:
        if let tensor = optional { result.append((path, tensor)) }
      case let child as Module:
        collect(child, prefix: path + ".", into: &result)
      case let children as [Module]:
        for (i, child) in children.enumerated() {
          collect(child, prefix: "\(path).\(i).", into: &result)
        }
      case let optional as Module?:
        if let child = optional { collect(child, prefix: path + ".", into: &result) }
      default:
        break
      }
    }
  }
}

/// How strictly `Module.load(_:)` matches names.
public struct LoadOptions: OptionSet, Sendable {
  public let rawValue: Int
  public init(rawValue: Int) { self.rawValue = rawValue }
  /// Every tensor of the module must be present in the source.
  public static let noMissingKeys = LoadOptions(rawValue: 1)
  /// Every tensor in the source must belong to the module.
  public static let noUnusedKeys = LoadOptions(rawValue: 2)
  public static let strict: LoadOptions = [.noMissingKeys, .noUnusedKeys]
}

extension Module {
  /// Copies values into this module's tensors from a name → tensor map (a checkpoint), verifying names and shapes.
  ///
  /// Throws with the dotted path and both shapes on a mismatch; nothing is changed unless everything matches.
  public func load(_ source: [String: Tensor], options: LoadOptions = .strict) throws(CairnError) {
    let own = namedTensors()
    let ownNames = Set(own.map(\.0))
    if options.contains(.noMissingKeys), let missing = own.first(where: { source[$0.0] == nil }) {
      throw .invalidInput("checkpoint has no tensor '\(missing.0)'")
    }
    if options.contains(.noUnusedKeys),
      let unused = source.keys.sorted().first(where: { !ownNames.contains($0) })
    {
      throw .invalidInput("checkpoint tensor '\(unused)' does not belong to the model")
    }
    for (name, tensor) in own {
      if let value = source[name], value.shape != tensor.shape {
        throw .invalidInput(
          "checkpoint tensor '\(name)' has shape \(value.shape), the model expects \(tensor.shape)")
      }
    }
    for (name, tensor) in own {
      if let value = source[name] { tensor.assign(value) }
    }
  }

  /// A copy of every tensor by dotted path (for checkpoints).
  public func stateDictionary() -> [String: Tensor] {
    Dictionary(uniqueKeysWithValues: namedTensors().map { ($0.0, $0.1.detached()) })
  }
}

extension Tensor {
  /// A trainable parameter of the given shape and values.
  public static func parameter(shape: [Int], values: [Float]) -> Tensor {
    let tensor = Tensor(shape: shape, values: values, requiresGrad: true)
    tensor.isParameter = true
    return tensor
  }
}

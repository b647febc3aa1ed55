import CairnCore
import CairnEngine

extension WidthNetwork {
  /// Loads a checkpoint of a width network with other branches (the previous stage of progressive training, or a
  /// super-net whose leading weights a narrower network takes): a tensor the source has under the same name and
  /// shape is copied; a branch's tensor the source lacks (`…w<N>…`) is the leading block of the same tensor of
  /// the source's narrowest branch of that layer at least N wide — its parent — for weights, batch-norm
  /// parameters and running statistics alike. Throws naming the first tensor that has neither; nothing changes
  /// unless every tensor is found.
  public func load(growingFrom source: [String: Tensor]) throws(CairnError) {
    var values: [(Tensor, Tensor)] = []
    for (name, tensor) in namedTensors() {
      if let same = source[name], same.shape == tensor.shape {
        values.append((tensor, same))
      } else if let parent = Self.parent(of: name, shape: tensor.shape, in: source) {
        values.append((tensor, parent.leadingBlock(tensor.shape)))
      } else {
        throw .invalidInput(
          "checkpoint has no tensor '\(name)' of shape \(tensor.shape), nor a wider branch of it")
      }
    }
    for (tensor, value) in values { tensor.assign(value) }
  }

  /// The tensor of the narrowest wider-or-equal sibling branch of `name` in `source` that covers `shape`.
  static func parent(of name: String, shape: [Int], in source: [String: Tensor]) -> Tensor? {
    let parts = name.split(separator: ".").map(String.init)
    guard let position = parts.firstIndex(where: { branchWidth($0) != nil }),
      let width = branchWidth(parts[position])
    else { return nil }
    var best: (width: Int, tensor: Tensor)?
    for (candidate, tensor) in source {
      let other = candidate.split(separator: ".").map(String.init)
      guard other.count == parts.count, let otherWidth = branchWidth(other[position]),
        otherWidth >= width, other[..<position] == parts[..<position],
        other[(position + 1)...] == parts[(position + 1)...],
        tensor.shape.count == shape.count, zip(shape, tensor.shape).allSatisfy({ $0 <= $1 })
      else { continue }
      if best == nil || otherWidth < best!.width { best = (otherWidth, tensor) }
    }
    return best?.tensor
  }

  /// N for a branch component `wN`, else nil.
  static func branchWidth(_ component: String) -> Int? {
    guard component.first == "w", let width = Int(component.dropFirst()), width > 0 else {
      return nil
    }
    return width
  }
}

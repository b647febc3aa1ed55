import CairnCore
import CairnEngine

/// The linear classifier of a width network, held as independent branches by input width (`WidthBranching`):
/// features of c channels use the narrowest branch reading at least c, sliced to its leading c input columns.
/// Branches are named by width (`w64`).
public final class WidthClassifier: Module {
  public let branches: [Branch]

  /// A linear layer reading `width` features.
  public final class Branch: Module {
    public let width: Int
    public let linear: Linear

    init(width: Int, classes: Int, random: inout RandomStream) {
      self.width = width
      linear = Linear(width, classes, random: &random)
    }
  }

  public init(widths: [Int], classes: Int, random: inout RandomStream) {
    branches = widths.map { Branch(width: $0, classes: classes, random: &random) }
  }

  public override func namedChildren() -> [(String, Any)] {
    branches.map { ("w\($0.width)", $0) }
  }

  /// Logits [N, classes] of pooled features [N, c].
  public func callAsFunction(_ features: Tensor) -> Tensor {
    let c = features.shape[1]
    let branch = branches.first { $0.width >= c } ?? branches[branches.count - 1]
    return linear(
      features, weight: branch.linear.weight.leadingChannels(c), bias: branch.linear.bias)
  }
}

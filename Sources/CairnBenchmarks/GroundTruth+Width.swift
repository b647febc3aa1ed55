import CairnCore
import CairnSpaces

extension GroundTruth {
  /// Whether the ResNet-20 width architecture has a value (false for another space). Its ground truth comes from
  /// a built benchmark or a results store only.
  public func contains(_ architecture: WidthArchitecture) -> Bool { lookup(architecture) != nil }

  /// The value of a ResNet-20 width architecture; throws naming it and the source when it has none.
  public func value(for architecture: WidthArchitecture) throws(CairnError) -> Double {
    try checkSpace(.resnet20Width, architecture.description)
    guard let value = lookup(architecture) else {
      throw .invalidInput("width architecture '\(architecture)' has no value in \(self)")
    }
    return value
  }

  private func lookup(_ architecture: WidthArchitecture) -> Double? {
    storedValue(forKey: Self.key(architecture), in: .resnet20Width)
  }

  /// The key of a width architecture in a store-backed truth: its text form.
  static func key(_ architecture: WidthArchitecture) -> String { architecture.description }
}

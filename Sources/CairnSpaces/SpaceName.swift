import CairnCore

/// The short name of a search space with ground truth: the `space` of `space:metric`, of results-store rows and
/// of configurations.
///
/// The raw values are the names users write (`nb201`, `nb101`, `darts`, `resnet20-width`).
public enum SpaceName: String, CaseIterable, Codable, Hashable, Sendable, CustomStringConvertible {
  /// NAS-Bench-201 (`NB201Space`).
  case nb201
  /// NAS-Bench-101 (`NB101Space`).
  case nb101
  /// The DARTS (NDS) cell space (`DARTSSpace`). No table ships with it: its ground truth comes from a results
  /// store of stand-alone runs.
  case darts
  /// The ResNet-20 channel-width space (`WidthSpace`). Its ground truth is a built benchmark, as for DARTS.
  case resnet20Width = "resnet20-width"

  /// Reads a space name; throws `CairnError.invalidInput` naming the text and listing the valid names.
  public init(parsing text: String) throws(CairnError) {
    guard let name = SpaceName(rawValue: text) else {
      throw .invalidInput("unknown search space '\(text)'; expected one of \(Self.nameList)")
    }
    self = name
  }

  /// The valid names, comma-separated: `nb201, nb101, darts, resnet20-width`.
  public static var nameList: String { allCases.map(\.rawValue).joined(separator: ", ") }

  public var description: String { rawValue }
}

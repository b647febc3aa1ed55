import CairnCore

/// A vertex operation of a NAS-Bench-101 cell. Raw values are the benchmark's names.
///
/// The three interior ops have ids 0, 1, 2 in the benchmark's `available_ops` order; the input and output
/// vertices carry `input` and `output`, labelled -1 and -2 by the module hash.
public enum NB101Op: String, CaseIterable, Codable, Sendable, CustomStringConvertible {
  /// The cell input (vertex 0).
  case input
  /// 3x3 convolution, batch norm, ReLU.
  case conv3x3 = "conv3x3-bn-relu"
  /// 1x1 convolution, batch norm, ReLU.
  case conv1x1 = "conv1x1-bn-relu"
  /// 3x3 max pooling, stride 1.
  case maxPool3x3 = "maxpool3x3"
  /// The cell output (the last vertex).
  case output

  /// The ops an interior vertex can carry, in id order.
  public static let interiorOps: [NB101Op] = [.conv3x3, .conv1x1, .maxPool3x3]

  /// The benchmark's label: the interior op id 0...2, -1 for input, -2 for output.
  public var label: Int {
    switch self {
    case .input: -1
    case .conv3x3: 0
    case .conv1x1: 1
    case .maxPool3x3: 2
    case .output: -2
    }
  }

  /// Whether the op can sit on an interior vertex.
  public var isInterior: Bool { label >= 0 }

  public var description: String { rawValue }

  /// "conv3x3-bn-relu, conv1x1-bn-relu, maxpool3x3", for error messages.
  static let interiorNameList = interiorOps.map(\.rawValue).joined(separator: ", ")
}

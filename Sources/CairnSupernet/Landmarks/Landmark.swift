/// One landmark: an architecture whose ground-truth (stand-alone) performance is known, used to regularise the
/// super-net so that its ranking of landmarks follows the ground truth (landmark spec §1).
///
/// `groundTruth` is a value where higher is better, such as the benchmark's test accuracy.
public struct Landmark<Architecture: Hashable & Codable & Sendable>: Hashable, Codable, Sendable {
  /// The landmark architecture.
  public var architecture: Architecture
  /// Its ground-truth performance; higher is better.
  public var groundTruth: Double

  /// Creates a landmark from an architecture and its ground-truth performance.
  public init(architecture: Architecture, groundTruth: Double) {
    self.architecture = architecture
    self.groundTruth = groundTruth
  }
}

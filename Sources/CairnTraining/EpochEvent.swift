import Foundation

/// One line of metrics.jsonl: what an epoch of training showed. Absent values are left out of the line.
public struct EpochEvent: Codable, Hashable, Sendable {
  public var event = "epoch"
  /// 1-based.
  public var epoch: Int
  public var trainLoss: Double?
  public var trainAccuracy: Double?
  public var testLoss: Double?
  public var testAccuracy: Double?
  public var landmarkLoss: Double?
  public var landmarkWeight: Double?
  public var learningRate: Double?
  public var imagesPerSecond: Double?
  public var kendallTau: Double?
  public var sparseKendallTau: Double?
  public var spearman: Double?
  public var precisionAtK: Double?
  public var gdasArchitecture: String?
  public var gdasTemperature: Double?
  /// DARTS: the argmax-α architecture at the epoch's end, and the last architecture-step validation loss.
  public var dartsArchitecture: String?
  public var dartsValidationLoss: Double?
  /// DARTS and the tri-level method: softmax(α) per decision at the epoch's end.
  public var architectureWeights: [[Double]]?
  /// The tri-level method: the auxiliary model's last loss (CE + λ·L_QRS), its L_QRS part, and its unrolled
  /// validation loss.
  public var auxiliaryLoss: Double?
  public var transferLoss: Double?
  public var auxiliaryValidationLoss: Double?
  public var landmarksAdded: [String]?
  public var landmarkCount: Int?
  /// In-place distillation: the paths max-recover has retrained since the run started.
  public var recoveredPaths: Int?

  public init(epoch: Int) { self.epoch = epoch }

  /// The event as one compact JSON line with sorted snake_case keys; non-finite numbers are left out.
  public var jsonLine: String {
    var copy = self
    for path in [
      \EpochEvent.trainLoss, \.trainAccuracy, \.testLoss, \.testAccuracy, \.landmarkLoss,
      \.landmarkWeight, \.learningRate, \.imagesPerSecond, \.kendallTau, \.sparseKendallTau,
      \.spearman, \.precisionAtK, \.gdasTemperature, \.dartsValidationLoss,
      \.auxiliaryLoss, \.transferLoss, \.auxiliaryValidationLoss,
    ] where copy[keyPath: path].map({ !$0.isFinite }) ?? false {
      copy[keyPath: path] = nil
    }
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let data = (try? encoder.encode(copy)) ?? Data("{}".utf8)
    return String(decoding: data, as: UTF8.self)
  }
}

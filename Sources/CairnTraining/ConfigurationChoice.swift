/// A configuration option with a fixed set of values, written as strings in files.
///
/// Decoding an unknown value throws a message that lists the valid ones, which `ConfigurationFile` reports with the
/// key: `key 'training.sampler': 'fairnass' is not one of uniform, fairnas, gdas`.
public protocol ConfigurationChoice: RawRepresentable, CaseIterable, Codable, Hashable, Sendable
where RawValue == String {}

extension ConfigurationChoice {
  /// The valid values, comma-separated, for messages and help texts.
  public static var valueList: String { allCases.map(\.rawValue).joined(separator: ", ") }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    let text = try container.decode(String.self)
    guard let value = Self(rawValue: text) else {
      throw DecodingError.dataCorruptedError(
        in: container, debugDescription: "'\(text)' is not one of \(Self.valueList)")
    }
    self = value
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(rawValue)
  }
}

extension LearningRateScheduleKind: ConfigurationChoice {}

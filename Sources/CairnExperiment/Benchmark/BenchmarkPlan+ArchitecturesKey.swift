/// The `architectures` key of a plan: a list of architecture texts, or `sample: {count: N, seed: S}`.
///
/// Decoding is strict: a mapping other than `sample`, or a key of `sample` other than `count` and `seed`, is an
/// error naming the key; `seed` defaults to 0 (and a missing `count` to 0, which validation refuses). Encoded as
/// a list, so `ConfigurationFile` takes the key as a leaf and leaves these checks to this type.
struct ArchitecturesKey: Codable {
  var value: BenchmarkPlan.Architectures

  init(value: BenchmarkPlan.Architectures) { self.value = value }

  private struct Key: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
  }

  private static let expected =
    "must be a list of architecture texts or 'sample: {count: N, seed: S}'"

  init(from decoder: any Decoder) throws {
    if let list = try? decoder.singleValueContainer().decode([String].self) {
      value = .listed(list)
      return
    }
    guard let container = try? decoder.container(keyedBy: Key.self) else {
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: Self.expected))
    }
    for key in container.allKeys where key.stringValue != "sample" {
      throw DecodingError.dataCorruptedError(
        forKey: key, in: container, debugDescription: "unknown key; \(Self.expected)")
    }
    let sampleKey = Key(stringValue: "sample")
    guard let sample = try? container.nestedContainer(keyedBy: Key.self, forKey: sampleKey) else {
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: Self.expected))
    }
    for key in sample.allKeys where key.stringValue != "count" && key.stringValue != "seed" {
      throw DecodingError.dataCorruptedError(
        forKey: key, in: sample, debugDescription: "unknown key; sample takes count and seed")
    }
    // A missing count is 0, which validation refuses naming the key.
    let count = try sample.decodeIfPresent(Int.self, forKey: Key(stringValue: "count")) ?? 0
    let seed = try sample.decodeIfPresent(UInt64.self, forKey: Key(stringValue: "seed")) ?? 0
    value = .sampled(count: count, seed: seed)
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    switch value {
    case .listed(let texts): try container.encode(texts)
    case .sampled: try container.encode([String]())
    }
  }
}

import Foundation

/// A seeded, named pseudo-random stream whose whole state can be saved and restored.
///
/// The generator is xoshiro256** (Blackman & Vigna), seeded through SplitMix64 from a 64-bit seed and the stream's
/// name, so `RandomStream(seed: 1, name: "data")` and `RandomStream(seed: 1, name: "sampler")` are independent.
/// Every random draw in Cairn comes from such a stream; checkpoints store `state` and resume bit-exactly.
/// All derived draws (`uniform`, `int(below:)`, `normal`) are defined here, not by the standard library, so a
/// sequence is the same on every platform and Swift version.
public struct RandomStream: RandomNumberGenerator, Sendable, Codable, Equatable {
  private var s0: UInt64
  private var s1: UInt64
  private var s2: UInt64
  private var s3: UInt64

  /// The four 64-bit words of xoshiro256** state.
  public var state: [UInt64] { [s0, s1, s2, s3] }
  /// A cached second normal deviate from the Box–Muller transform, part of the state.
  private var spareNormal: Double?

  /// Creates a stream from a seed and a name that separates independent streams sharing one seed.
  public init(seed: UInt64, name: String = "") {
    var mixer = seed ^ RandomStream.fnv1a(name)
    (s0, s1, s2, s3) = RandomStream.seedWords(&mixer)
  }

  private static func seedWords(_ mixer: inout UInt64) -> (UInt64, UInt64, UInt64, UInt64) {
    let words = (splitMix64(&mixer), splitMix64(&mixer), splitMix64(&mixer), splitMix64(&mixer))
    return words == (0, 0, 0, 0) ? (1, 0, 0, 0) : words
  }

  /// Restores a stream from a saved `state` (four words, not all zero).
  public init(state: [UInt64]) throws(CairnError) {
    guard state.count == 4, state.contains(where: { $0 != 0 }) else {
      throw CairnError.invalidInput("random stream state must be four words, not all zero")
    }
    (s0, s1, s2, s3) = (state[0], state[1], state[2], state[3])
    spareNormal = nil
  }

  /// Returns the next 64 random bits.
  public mutating func next() -> UInt64 {
    let result = rotl(s1 &* 5, 7) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = rotl(s3, 45)
    return result
  }

  /// A uniform Double in [0, 1) with 53 random bits.
  public mutating func uniform() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// A uniform Float in [low, high).
  public mutating func uniform(_ low: Float, _ high: Float) -> Float {
    let u = Float(next() >> 40) * 0x1.0p-24
    return low + (high - low) * u
  }

  /// A uniform integer in 0..<bound, without modulo bias (Lemire's method).
  public mutating func int(below bound: Int) -> Int {
    precondition(bound > 0, "bound must be positive")
    let b = UInt64(bound)
    var m = next().multipliedFullWidth(by: b)
    if m.low < b {
      let threshold = (0 &- b) % b
      while m.low < threshold { m = next().multipliedFullWidth(by: b) }
    }
    return Int(m.high)
  }

  /// A uniform integer in the given range.
  public mutating func int(in range: ClosedRange<Int>) -> Int {
    range.lowerBound + int(below: range.count)
  }

  /// A uniform Boolean.
  public mutating func bool() -> Bool { next() >> 63 == 1 }

  /// A standard normal deviate (Box–Muller, polar form).
  public mutating func normal() -> Double {
    if let spare = spareNormal {
      spareNormal = nil
      return spare
    }
    while true {
      let u = 2 * uniform() - 1
      let v = 2 * uniform() - 1
      let s = u * u + v * v
      if s > 0 && s < 1 {
        let factor = (-2 * Foundation.log(s) / s).squareRoot()
        spareNormal = v * factor
        return u * factor
      }
    }
  }

  /// A uniformly random element of a non-empty collection.
  public mutating func element<C: RandomAccessCollection>(of collection: C) -> C.Element
  where C.Index == Int {
    collection[collection.startIndex + int(below: collection.count)]
  }

  /// Shuffles in place (Fisher–Yates, from the back).
  public mutating func shuffle<T>(_ array: inout [T]) {
    guard array.count > 1 else { return }
    for i in stride(from: array.count - 1, to: 0, by: -1) {
      array.swapAt(i, int(below: i + 1))
    }
  }

  /// `count` distinct indices from 0..<population, in draw order (partial Fisher–Yates).
  public mutating func sample(_ count: Int, from population: Int) -> [Int] {
    precondition(count <= population, "cannot draw \(count) distinct items from \(population)")
    var chosen: [Int: Int] = [:]
    var result: [Int] = []
    result.reserveCapacity(count)
    for i in 0..<count {
      let j = i + int(below: population - i)
      let vj = chosen[j] ?? j
      let vi = chosen[i] ?? i
      chosen[j] = vi
      result.append(vj)
    }
    return result
  }

  /// A new independent stream derived from this one's seed material and a name (does not advance this stream).
  public func derived(_ name: String) -> RandomStream {
    var mixer = s0 ^ s2 ^ RandomStream.fnv1a(name)
    var stream = RandomStream(seed: 0)
    (stream.s0, stream.s1, stream.s2, stream.s3) = RandomStream.seedWords(&mixer)
    return stream
  }

  private enum CodingKeys: String, CodingKey { case state, spareNormal }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let words = try container.decode([UInt64].self, forKey: .state)
    do {
      try self.init(state: words)
    } catch {
      throw DecodingError.dataCorruptedError(
        forKey: .state, in: container, debugDescription: error.description)
    }
    spareNormal = try container.decodeIfPresent(Double.self, forKey: .spareNormal)
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(state, forKey: .state)
    try container.encodeIfPresent(spareNormal, forKey: .spareNormal)
  }

  @inline(__always) private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 {
    (x << k) | (x >> (64 - k))
  }

  static func splitMix64(_ x: inout UInt64) -> UInt64 {
    x &+= 0x9E37_79B9_7F4A_7C15
    var z = x
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// 64-bit FNV-1a hash of a string's UTF-8 bytes.
  public static func fnv1a(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash &*= 0x100_0000_01b3
    }
    return hash
  }
}

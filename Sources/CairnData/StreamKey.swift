/// Seeds for the loader's random streams, mixed from a run seed and positions so that every stream is a pure
/// function of its coordinates (SplitMix64's finaliser applied after each component).
enum StreamKey {
  /// A 64-bit seed for the coordinates (seed, a, b).
  static func mix(_ seed: UInt64, _ a: Int, _ b: Int = 0) -> UInt64 {
    var key = finalize(seed)
    key = finalize(key ^ UInt64(bitPattern: Int64(a)))
    key = finalize(key ^ UInt64(bitPattern: Int64(b)))
    return key
  }

  private static func finalize(_ value: UInt64) -> UInt64 {
    var z = value &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

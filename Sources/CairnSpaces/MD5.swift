/// The MD5 message digest (RFC 1321), needed to reproduce NAS-Bench-101 module hashes.
///
/// MD5 is used here only as the benchmark's fingerprint function, never for security.
public enum MD5 {
  /// The 16-byte digest of `message`.
  public static func digest(_ message: [UInt8]) -> [UInt8] {
    // The message, the 0x80 marker, zero padding to 56 mod 64, and the bit length little-endian.
    let paddedCount = (message.count + 8) / 64 * 64 + 64
    var padded = [UInt8](repeating: 0, count: paddedCount)
    var i = 0
    while i < message.count {
      padded[i] = message[i]
      i += 1
    }
    padded[message.count] = 0x80
    var bitLength = UInt64(message.count) &* 8
    i = paddedCount - 8
    while i < paddedCount {
      padded[i] = UInt8(truncatingIfNeeded: bitLength)
      bitLength >>= 8
      i += 1
    }
    var state: (UInt32, UInt32, UInt32, UInt32) = (
      0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476
    )
    let words = UnsafeMutablePointer<UInt32>.allocate(capacity: 16)
    defer { words.deallocate() }
    padded.withUnsafeBufferPointer { bytes in
      shifts.withUnsafeBufferPointer { s in
        constants.withUnsafeBufferPointer { k in
          var offset = 0
          while offset < paddedCount {
            compress(&state, bytes.baseAddress! + offset, words, s.baseAddress!, k.baseAddress!)
            offset += 64
          }
        }
      }
    }
    var result = [UInt8](repeating: 0, count: 16)
    store(state.0, into: &result, at: 0)
    store(state.1, into: &result, at: 4)
    store(state.2, into: &result, at: 8)
    store(state.3, into: &result, at: 12)
    return result
  }

  private static func store(_ word: UInt32, into bytes: inout [UInt8], at offset: Int) {
    bytes[offset] = UInt8(truncatingIfNeeded: word)
    bytes[offset + 1] = UInt8(truncatingIfNeeded: word >> 8)
    bytes[offset + 2] = UInt8(truncatingIfNeeded: word >> 16)
    bytes[offset + 3] = UInt8(truncatingIfNeeded: word >> 24)
  }

  /// The digest of `message` as 32 lowercase hexadecimal ASCII bytes.
  public static func hexDigestBytes(_ message: [UInt8]) -> [UInt8] {
    let digest = digest(message)
    var hex = [UInt8](repeating: 0, count: 32)
    var i = 0
    while i < 16 {
      hex[2 * i] = hexDigits[Int(digest[i] >> 4)]
      hex[2 * i + 1] = hexDigits[Int(digest[i] & 0x0F)]
      i += 1
    }
    return hex
  }

  private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

  /// The digest of `message` as 32 lowercase hexadecimal characters.
  public static func hexDigest(_ message: [UInt8]) -> String {
    String(decoding: hexDigestBytes(message), as: UTF8.self)
  }

  /// The digest of the UTF-8 bytes of `text` as 32 lowercase hexadecimal characters.
  public static func hexDigest(_ text: String) -> String { hexDigest(Array(text.utf8)) }

  /// Per-round left-rotation amounts.
  private static let shifts: [UInt32] = [
    7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
    5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
    4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
    6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
  ]

  /// The constants floor(|sin(i + 1)| · 2^32).
  private static let constants: [UInt32] = [
    0xD76A_A478, 0xE8C7_B756, 0x2420_70DB, 0xC1BD_CEEE, 0xF57C_0FAF, 0x4787_C62A, 0xA830_4613,
    0xFD46_9501,
    0x6980_98D8, 0x8B44_F7AF, 0xFFFF_5BB1, 0x895C_D7BE, 0x6B90_1122, 0xFD98_7193, 0xA679_438E,
    0x49B4_0821,
    0xF61E_2562, 0xC040_B340, 0x265E_5A51, 0xE9B6_C7AA, 0xD62F_105D, 0x0244_1453, 0xD8A1_E681,
    0xE7D3_FBC8,
    0x21E1_CDE6, 0xC337_07D6, 0xF4D5_0D87, 0x455A_14ED, 0xA9E3_E905, 0xFCEF_A3F8, 0x676F_02D9,
    0x8D2A_4C8A,
    0xFFFA_3942, 0x8771_F681, 0x6D9D_6122, 0xFDE5_380C, 0xA4BE_EA44, 0x4BDE_CFA9, 0xF6BB_4B60,
    0xBEBF_BC70,
    0x289B_7EC6, 0xEAA1_27FA, 0xD4EF_3085, 0x0488_1D05, 0xD9D4_D039, 0xE6DB_99E5, 0x1FA2_7CF8,
    0xC4AC_5665,
    0xF429_2244, 0x432A_FF97, 0xAB94_23A7, 0xFC93_A039, 0x655B_59C3, 0x8F0C_CC92, 0xFFEF_F47D,
    0x8584_5DD1,
    0x6FA8_7E4F, 0xFE2C_E6E0, 0xA301_4314, 0x4E08_11A1, 0xF753_7E82, 0xBD3A_F235, 0x2AD7_D2BB,
    0xEB86_D391,
  ]

  /// Folds one 64-byte block into the state; `m` is scratch space for 16 words, `s` and `k` the tables.
  ///
  /// Written with plain loops and pointers so that unoptimized builds (the test suite) stay fast.
  private static func compress(
    _ state: inout (UInt32, UInt32, UInt32, UInt32), _ block: UnsafePointer<UInt8>,
    _ m: UnsafeMutablePointer<UInt32>,
    _ s: UnsafePointer<UInt32>, _ k: UnsafePointer<UInt32>
  ) {
    var w = 0
    while w < 16 {
      m[w] =
        UInt32(block[4 &* w]) | UInt32(block[4 &* w &+ 1]) << 8 | UInt32(block[4 &* w &+ 2]) << 16
        | UInt32(block[4 &* w &+ 3]) << 24
      w &+= 1
    }
    var (a, b, c, d) = state
    var i = 0
    while i < 64 {
      var f: UInt32
      let g: Int
      if i < 16 {
        f = (b & c) | (~b & d)
        g = i
      } else if i < 32 {
        f = (d & b) | (~d & c)
        g = (5 &* i &+ 1) & 15
      } else if i < 48 {
        f = b ^ c ^ d
        g = (3 &* i &+ 5) & 15
      } else {
        f = c ^ (b | ~d)
        g = (7 &* i) & 15
      }
      f = f &+ a &+ k[i] &+ m[g]
      a = d
      d = c
      c = b
      b = b &+ ((f << s[i]) | (f >> (32 &- s[i])))
      i &+= 1
    }
    state.0 = state.0 &+ a
    state.1 = state.1 &+ b
    state.2 = state.2 &+ c
    state.3 = state.3 &+ d
  }
}

/// An NB101 module hash (128 bits, written as 32 lowercase hex digits) in two words.
struct NB101Hash: Hashable, Sendable {
  let high: UInt64
  let low: UInt64

  /// The hash as 32 lowercase hex digits.
  var text: String {
    func hex(_ word: UInt64) -> String {
      let digits = String(word, radix: 16)
      return String(repeating: "0", count: 16 - digits.count) + digits
    }
    return hex(high) + hex(low)
  }
}

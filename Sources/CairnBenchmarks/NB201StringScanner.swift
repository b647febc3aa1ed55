import CairnSpaces
import Foundation

/// Reads well-formed official NB201 strings straight from bytes; anything else is left to
/// `NB201Architecture(parsing:)`, which explains what is wrong.
enum NB201StringScanner {
  /// The op names as bytes, in op-id order.
  static let opNames: [[UInt8]] = (0..<NB201Op.count).map { Array(NB201Op(id: $0)!.rawValue.utf8) }

  /// The cell code of `bytes` when they are exactly an official string, or nil.
  static func code(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    guard let base = bytes.baseAddress else { return nil }
    let end = bytes.count
    var position = 0
    var code = 0
    for target in 1..<NB201Architecture.nodeCount {
      if target > 1 {
        guard position < end, base[position] == UInt8(ascii: "+") else { return nil }
        position += 1
      }
      guard position < end, base[position] == UInt8(ascii: "|") else { return nil }
      position += 1
      for source in 0..<target {
        guard let id = opID(base + position, available: end - position) else { return nil }
        position += opNames[id].count
        guard position + 3 <= end, base[position] == UInt8(ascii: "~"),
          base[position + 1] == UInt8(ascii: "0") + UInt8(source),
          base[position + 2] == UInt8(ascii: "|")
        else { return nil }
        position += 3
        code = code * NB201Op.count + id
      }
    }
    return position == end ? code : nil
  }

  /// The id of the op whose name starts at `start` and is followed by `~`.
  private static func opID(_ start: UnsafePointer<UInt8>, available: Int) -> Int? {
    for (id, name) in opNames.enumerated()
    where name.count < available && start[name.count] == UInt8(ascii: "~")
      && memcmp(start, name, name.count) == 0
    {
      return id
    }
    return nil
  }
}

import CairnCore
import Foundation

/// Reading and writing the safetensors format (Hugging Face), so Python's `safetensors` and Cairn exchange weights.
///
/// Layout: an 8-byte little-endian header length n, n bytes of JSON
/// `{"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, "__metadata__": {..}}`, then the data
/// buffer; offsets are relative to the buffer. Cairn writes F32 tensors in row-major order, names sorted, the header
/// padded with spaces to a multiple of 8 bytes. Reading validates everything it relies on and names the file and
/// the problem in its error.
public enum Safetensors {
  /// The largest header Cairn accepts (the reference implementation's limit).
  public static let maximumHeaderLength = 100_000_000

  /// Encodes tensors (and optional string metadata) to safetensors bytes.
  public static func encode(_ tensors: [String: Tensor], metadata: [String: String] = [:]) -> Data {
    let names = tensors.keys.sorted()
    var offset = 0
    var entries: [String] = []
    if !metadata.isEmpty {
      let pairs = metadata.keys.sorted().map { "\(jsonString($0)):\(jsonString(metadata[$0]!))" }
      entries.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
    }
    for name in names {
      let tensor = tensors[name]!
      let bytes = tensor.elementCount * 4
      entries.append(
        "\(jsonString(name)):{\"dtype\":\"F32\",\"shape\":[\(tensor.shape.map(String.init).joined(separator: ","))],"
          + "\"data_offsets\":[\(offset),\(offset + bytes)]}")
      offset += bytes
    }
    var header = Data("{\(entries.joined(separator: ","))}".utf8)
    while header.count % 8 != 0 { header.append(0x20) }
    var data = Data(capacity: 8 + header.count + offset)
    withUnsafeBytes(of: UInt64(header.count).littleEndian) { data.append(contentsOf: $0) }
    data.append(header)
    for name in names {
      tensors[name]!.withValues { values in data.append(UnsafeBufferPointer(rebasing: values[...]))
      }
    }
    return data
  }

  /// Writes tensors to a file atomically.
  public static func write(
    _ tensors: [String: Tensor], metadata: [String: String] = [:], to url: URL
  )
    throws(CairnError)
  {
    try AtomicFile.write(encode(tensors, metadata: metadata), to: url)
  }

  /// Reads a safetensors file: its tensors and metadata.
  public static func read(from url: URL) throws(CairnError) -> (
    tensors: [String: Tensor], metadata: [String: String]
  ) {
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      throw .invalidFile(
        path: url.path, problem: "cannot read safetensors file (\(error.localizedDescription))")
    }
    return try decode(data, path: url.path)
  }

  /// Decodes safetensors bytes; `path` names the source in errors.
  public static func decode(_ data: Data, path: String) throws(CairnError) -> (
    tensors: [String: Tensor], metadata: [String: String]
  ) {
    func fail(_ problem: String) -> CairnError {
      .invalidFile(path: path, problem: "safetensors: \(problem)")
    }
    guard data.count >= 8 else {
      throw fail("file is \(data.count) bytes, shorter than the 8-byte header length")
    }
    let headerLength = data.prefix(8).enumerated().reduce(UInt64(0)) {
      $0 | UInt64($1.element) << (8 * $1.offset)
    }
    guard headerLength <= UInt64(maximumHeaderLength) else {
      throw fail("header length \(headerLength) is too large")
    }
    guard 8 + Int(headerLength) <= data.count else {
      throw fail(
        "header length \(headerLength) runs past the end of the file (\(data.count) bytes)")
    }
    let headerBytes = data.subdata(in: 8..<(8 + Int(headerLength)))
    guard let json = try? JSONSerialization.jsonObject(with: headerBytes),
      let header = json as? [String: Any]
    else {
      throw fail("header is not a JSON object")
    }
    let buffer = data.subdata(in: (8 + Int(headerLength))..<data.count)
    var metadata: [String: String] = [:]
    var tensors: [String: Tensor] = [:]
    var ranges: [(Int, Int, String)] = []
    for (name, value) in header {
      if name == "__metadata__" {
        guard let entries = value as? [String: Any] else {
          throw fail("__metadata__ is not an object")
        }
        for (key, item) in entries {
          guard let text = item as? String else {
            throw fail("metadata value for '\(key)' is not a string")
          }
          metadata[key] = text
        }
        continue
      }
      guard let entry = value as? [String: Any] else {
        throw fail("entry for tensor '\(name)' is not an object")
      }
      guard let dtype = entry["dtype"] as? String else {
        throw fail("tensor '\(name)' has no dtype")
      }
      guard dtype == "F32" else {
        throw fail("tensor '\(name)' has dtype \(dtype); Cairn reads F32 tensors only")
      }
      guard let shapeValues = entry["shape"] as? [Any], let shape = integers(shapeValues),
        shape.allSatisfy({ $0 >= 0 })
      else { throw fail("tensor '\(name)' has a malformed shape") }
      guard let offsetValues = entry["data_offsets"] as? [Any],
        let offsets = integers(offsetValues), offsets.count == 2
      else { throw fail("tensor '\(name)' has malformed data_offsets") }
      let (begin, end) = (offsets[0], offsets[1])
      guard begin >= 0, begin <= end, end <= buffer.count else {
        throw fail(
          "tensor '\(name)' data_offsets [\(begin), \(end)] are outside the \(buffer.count)-byte data buffer"
        )
      }
      let count = shape.reduce(1, *)
      guard end - begin == count * 4 else {
        throw fail(
          "tensor '\(name)' has \(end - begin) bytes of data but shape \(shape) needs \(count * 4)")
      }
      ranges.append((begin, end, name))
      let tensor = Tensor(zeros: shape)
      tensor.withMutableValues { target in
        buffer.withUnsafeBytes { raw in
          let source = UnsafeRawBufferPointer(rebasing: raw[begin..<end])
          UnsafeMutableRawBufferPointer(target).copyMemory(from: source)
        }
      }
      tensors[name] = tensor
    }
    ranges.sort { $0.0 < $1.0 }
    for (previous, next) in zip(ranges, ranges.dropFirst()) where next.0 < previous.1 {
      throw fail("tensors '\(previous.2)' and '\(next.2)' overlap in the data buffer")
    }
    return (tensors, metadata)
  }

  private static func integers(_ values: [Any]) -> [Int]? {
    var result: [Int] = []
    for value in values {
      guard let number = value as? NSNumber, number.doubleValue.rounded() == number.doubleValue,
        abs(number.doubleValue) < 9e15
      else { return nil }
      result.append(number.intValue)
    }
    return result
  }

  private static func jsonString(_ text: String) -> String {
    var escaped = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": escaped += "\\\""
      case "\\": escaped += "\\\\"
      case "\n": escaped += "\\n"
      case "\t": escaped += "\\t"
      case "\r": escaped += "\\r"
      default:
        if scalar.value < 0x20 {
          escaped += String(format: "\\u%04x", scalar.value)
        } else {
          escaped.unicodeScalars.append(scalar)
        }
      }
    }
    return escaped + "\""
  }
}

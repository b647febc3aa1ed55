import CairnCore
import Foundation
import Testing

@testable import CairnEngine

@Suite struct SafetensorsTests {
  func header(_ json: String, data: [UInt8] = []) -> Data {
    var bytes = Data()
    withUnsafeBytes(of: UInt64(json.utf8.count).littleEndian) { bytes.append(contentsOf: $0) }
    bytes.append(Data(json.utf8))
    bytes.append(contentsOf: data)
    return bytes
  }

  @Test func roundTripKeepsNamesShapesValuesAndMetadata() throws {
    let tensors = [
      "a.weight": Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6]),
      "b": Tensor(scalar: -0.5),
      "quote\"name": Tensor(shape: [1], values: [9]),
    ]
    let data = Safetensors.encode(tensors, metadata: ["epoch": "3"])
    #expect(data.count % 4 == 0)
    let (decoded, metadata) = try Safetensors.decode(data, path: "memory")
    #expect(metadata == ["epoch": "3"])
    #expect(Set(decoded.keys) == Set(tensors.keys))
    for (name, tensor) in tensors {
      #expect(decoded[name]!.shape == tensor.shape)
      #expect(decoded[name]!.toArray() == tensor.toArray())
    }
  }

  @Test func readsAFileWrittenByPythonSafetensors() throws {
    let url = try #require(
      Bundle.module.url(forResource: "Fixtures/python", withExtension: "safetensors"))
    let (tensors, metadata) = try Safetensors.read(from: url)
    #expect(metadata["producer"] == "python-safetensors")
    #expect(tensors["conv.weight"]!.shape == [2, 3, 1, 2])
    #expect(tensors["conv.weight"]!.toArray() == (0..<12).map { Float($0) / 4 })
    #expect(tensors["bias"]!.toArray() == [-1.5, 0.25, 3])
    #expect(tensors["scalar"]!.shape == [])
    #expect(tensors["scalar"]!.item == 7)
  }

  @Test func writesAtomicallyToDisk() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "cairn-\(UUID()).safetensors")
    defer { try? FileManager.default.removeItem(at: url) }
    try Safetensors.write(["x": Tensor(shape: [2], values: [1, 2])], to: url)
    #expect(try Safetensors.read(from: url).tensors["x"]!.toArray() == [1, 2])
  }

  static let malformed: [(String, Data, String)] = {
    let good = #"{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#
    let eight: [UInt8] = [0, 0, 128, 63, 0, 0, 0, 64]
    var truncated = SafetensorsTests().header(good, data: eight)
    truncated.removeLast(3)
    return [
      ("too short", Data([1, 2, 3]), "shorter than the 8-byte header length"),
      (
        "header past end", SafetensorsTests().header(good).prefix(20),
        "runs past the end of the file"
      ),
      (
        "bad json", SafetensorsTests().header("{not json", data: eight),
        "header is not a JSON object"
      ),
      ("truncated data", truncated, "outside the"),
      (
        "wrong dtype",
        SafetensorsTests().header(
          #"{"x":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}"#, data: eight),
        "dtype I64"
      ),
      (
        "offsets out of range",
        SafetensorsTests().header(
          #"{"x":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#, data: eight),
        "outside the 8-byte data buffer"
      ),
      (
        "size mismatch",
        SafetensorsTests().header(
          #"{"x":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, data: eight),
        "needs 12"
      ),
      (
        "overlap",
        SafetensorsTests().header(
          #"{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"y":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#,
          data: eight), "overlap"
      ),
      (
        "negative shape",
        SafetensorsTests().header(
          #"{"x":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}"#, data: eight),
        "malformed shape"
      ),
    ]
  }()

  @Test(arguments: malformed.map { ($0.0, $0.1, $0.2) })
  func rejectsMalformedInput(_ name: String, _ data: Data, _ message: String) {
    do {
      _ = try Safetensors.decode(data, path: "bad.safetensors")
      Issue.record("\(name): accepted malformed input")
    } catch {
      #expect(error.description.hasPrefix("bad.safetensors: safetensors:"), "\(name)")
      #expect(error.description.contains(message), "\(name): \(error.description)")
    }
  }
}

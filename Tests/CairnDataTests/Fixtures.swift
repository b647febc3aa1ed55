import CairnCore
import Foundation
import Testing

@testable import CairnData

/// A fresh empty directory under the system temporary directory.
func temporaryDirectory() throws -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-data-\(UUID())")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

/// Expects `body` to throw a bad-input `CairnError` whose one-line message contains every fragment.
func expectError(
  _ fragments: String..., sourceLocation: SourceLocation = #_sourceLocation,
  _ body: () throws -> Void
) {
  do {
    try body()
    Issue.record("expected an error containing \(fragments)", sourceLocation: sourceLocation)
  } catch let error as CairnError {
    for fragment in fragments {
      #expect(
        error.description.contains(fragment), "\(error.description)", sourceLocation: sourceLocation
      )
    }
    #expect(error.isBadInput, sourceLocation: sourceLocation)
    #expect(!error.description.contains("\n"), sourceLocation: sourceLocation)
  } catch {
    Issue.record("expected a CairnError, got \(error)", sourceLocation: sourceLocation)
  }
}

/// One CIFAR record: label bytes then 3072 pixels, pixel j = fill(j).
func cifarRecord(labels: [UInt8], fill: (Int) -> UInt8) -> [UInt8] {
  labels + (0..<3072).map(fill)
}

/// A big-endian IDX header.
func idxHeader(magic: Int, dimensions: [Int]) -> [UInt8] {
  ([magic] + dimensions).flatMap { value in (0..<4).map { UInt8((value >> (8 * (3 - $0))) & 0xff) }
  }
}

/// Writes a CIFAR-10 directory with `recordsPerFile` records in each of the six files; labels cycle 0...9.
func writeCIFAR10(to directory: URL, recordsPerFile: Int = 1) throws {
  try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  for (fileIndex, name) in (CIFARReader.Variant.cifar10.trainFiles + ["test_batch.bin"])
    .enumerated()
  {
    let bytes = (0..<recordsPerFile).flatMap { record in
      cifarRecord(labels: [UInt8((fileIndex + record) % 10)]) { UInt8(($0 + record) % 256) }
    }
    try Data(bytes).write(to: directory.appendingPathComponent(name))
  }
}

/// A small synthetic dataset: `count` images of C×H×W with pixel bytes derived from the image index.
func syntheticDataset(
  count: Int, channels: Int = 3, height: Int = 4, width: Int = 4, classes: Int = 10
)
  -> ImageDataset
{
  let size = channels * height * width
  let pixels = (0..<count * size).map { UInt8(($0 / size * 31 + $0 % size * 7) % 256) }
  let labels = (0..<count).map { Int32($0 % classes) }
  return ImageDataset(
    pixels: pixels, labels: labels, channels: channels, height: height, width: width,
    classCount: classes,
    source: "synthetic")
}

/// Whether Debian's Fashion-MNIST files are installed.
let fashionMNISTInstalled = FileManager.default.fileExists(
  atPath: DatasetLocator.fashionMNISTSystemDirectory + "/train-images-idx3-ubyte.gz")

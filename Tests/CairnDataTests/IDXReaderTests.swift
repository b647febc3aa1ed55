import CairnCore
import Foundation
import Testing

@testable import CairnData

@Suite struct IDXReaderTests {
  let imagePixels: [UInt8] = (0..<18).map { UInt8($0 * 10) }  // 3 images of 2×3

  var images: Data { Data(idxHeader(magic: 0x803, dimensions: [3, 2, 3]) + imagePixels) }
  var labels: Data { Data(idxHeader(magic: 0x801, dimensions: [3]) + [7, 0, 9]) }

  /// Writes the four standard files (all the same small content) into a new directory.
  func writeDirectory(compressed: Bool) throws -> URL {
    let directory = try temporaryDirectory()
    let suffix = compressed ? ".gz" : ""
    for stem in [IDXReader.trainImagesFile, IDXReader.testImagesFile] {
      try (compressed ? Gzip.compress(images) : images).write(
        to: directory.appendingPathComponent(stem + suffix))
    }
    for stem in [IDXReader.trainLabelsFile, IDXReader.testLabelsFile] {
      try (compressed ? Gzip.compress(labels) : labels).write(
        to: directory.appendingPathComponent(stem + suffix))
    }
    return directory
  }

  @Test(arguments: [false, true])
  func readsRawAndGzipFiles(compressed: Bool) throws {
    let directory = try writeDirectory(compressed: compressed)
    defer { try? FileManager.default.removeItem(at: directory) }
    let splits = try IDXReader.read(directory: directory)
    for part in [splits.train, splits.test] {
      #expect(part.count == 3)
      #expect((part.channels, part.height, part.width) == (1, 2, 3))
      #expect(part.labels == [7, 0, 9])
      #expect(part.pixels == imagePixels)
      #expect(part.classNames[9] == "Ankle boot")
    }
  }

  @Test func compressionIsDetectedFromTheMagicBytesNotTheName() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let rawNamedGz = directory.appendingPathComponent("images.gz")
    try images.write(to: rawNamedGz)
    let gzNamedRaw = directory.appendingPathComponent("labels")
    try Gzip.compress(labels).write(to: gzNamedRaw)
    let data = try IDXReader.read(images: rawNamedGz, labels: gzNamedRaw)
    #expect(data.labels == [7, 0, 9])
    #expect(data.pixels == imagePixels)
  }

  @Test func wrongMagicIsRejected() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("swapped")
    try labels.write(to: url)
    expectError("swapped: IDX magic 0x00000801 is not 0x00000803") {
      _ = try IDXReader.readImages(url)
    }
    try images.write(to: url)
    expectError("swapped: IDX magic 0x00000803 is not 0x00000801") {
      _ = try IDXReader.readLabels(url, classCount: 10)
    }
  }

  @Test func byteCountMustMatchTheHeader() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("short.gz")
    try Gzip.compress(images.dropLast()).write(to: url)
    expectError("short.gz: header promises 3x2x3 = 18 bytes", "file has 17") {
      _ = try IDXReader.readImages(url)
    }
    try Data([0, 0, 8]).write(to: url)
    expectError("short.gz: only 3 bytes") { _ = try IDXReader.readImages(url) }
    try Data(idxHeader(magic: 0x803, dimensions: [0x7fff_ffff, 0x7fff_ffff, 0x7fff_ffff])).write(
      to: url)
    expectError("short.gz: header dimensions", "impossibly large") {
      _ = try IDXReader.readImages(url)
    }
    try Data(idxHeader(magic: 0x803, dimensions: [0, 28, 28])).write(to: url)
    expectError("short.gz: holds no images") { _ = try IDXReader.readImages(url) }
  }

  @Test func imageAndLabelCountsMustAgree() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let imageURL = directory.appendingPathComponent("images")
    let labelURL = directory.appendingPathComponent("labels")
    try images.write(to: imageURL)
    try Data(idxHeader(magic: 0x801, dimensions: [2]) + [1, 2]).write(to: labelURL)
    expectError("labels: has 2 labels but images has 3 images") {
      _ = try IDXReader.read(images: imageURL, labels: labelURL)
    }
  }

  @Test func labelOutOfRangeAndMissingFilesAreNamed() throws {
    let directory = try writeDirectory(compressed: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let labelURL = directory.appendingPathComponent(IDXReader.trainLabelsFile + ".gz")
    try Gzip.compress(Data(idxHeader(magic: 0x801, dimensions: [3]) + [1, 10, 2])).write(
      to: labelURL)
    expectError("train-labels-idx1-ubyte.gz: label 10 at index 1 is outside 0..<10") {
      _ = try IDXReader.read(directory: directory)
    }
    try FileManager.default.removeItem(at: labelURL)
    expectError("train-labels-idx1-ubyte: missing IDX file") {
      _ = try IDXReader.read(directory: directory)
    }
    expectError("/no/such/fashion: data directory does not exist") {
      _ = try IDXReader.read(directory: URL(fileURLWithPath: "/no/such/fashion"))
    }
  }

  @Test(.enabled(if: fashionMNISTInstalled))
  func debianFashionMNISTLoads() throws {
    let splits = try DatasetLocator.load(.fashionMNIST, environment: [:])
    #expect(splits.directory.path == DatasetLocator.fashionMNISTSystemDirectory)
    #expect(splits.train.count == 60_000 && splits.test.count == 10_000)
    #expect((splits.train.channels, splits.train.height, splits.train.width) == (1, 28, 28))
    #expect(splits.train.classCounts() == [Int](repeating: 6_000, count: 10))
    #expect(splits.test.classCounts() == [Int](repeating: 1_000, count: 10))
  }
}

import CairnCore
import Foundation
import Testing

@testable import CairnData

func temporaryDirectory() throws -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-data-\(UUID())")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

func expectError(_ expected: String, _ body: () throws -> Void) {
  do {
    try body()
    Issue.record("expected an error containing '\(expected)'")
  } catch let error as CairnError {
    #expect(error.description.contains(expected), "\(error.description)")
    #expect(error.isBadInput)
  } catch {
    Issue.record("unexpected error \(error)")
  }
}

@Suite struct CIFARReaderTests {
  func record(label: UInt8, fill: (Int) -> UInt8) -> [UInt8] { [label] + (0..<3072).map(fill) }

  @Test func readsLabelsAndPlanarPixels() throws {
    let dir = try temporaryDirectory()
    let bytes =
      record(label: 3) { UInt8($0 % 251) } + record(label: 9) { _ in 7 }
      + record(label: 0) { UInt8($0 / 1024) }
    let url = dir.appendingPathComponent("x.bin")
    try Data(bytes).write(to: url)
    let data = try CIFARReader.read(url, variant: .cifar10)
    #expect(data.count == 3)
    #expect(data.labels == [3, 9, 0])
    #expect(data.pixels[5] == 5)
    #expect(data.pixels[3072 + 100] == 7)
    #expect(data.pixels[2 * 3072 + 2048] == 2)  // blue plane of the third image
  }

  @Test func rejectsOddSizedAndOutOfRangeFiles() throws {
    let dir = try temporaryDirectory()
    let truncated = dir.appendingPathComponent("truncated.bin")
    try Data(record(label: 1) { _ in 0 }.dropLast(10)).write(to: truncated)
    expectError("truncated.bin: size 3063 bytes is not a positive multiple") {
      _ = try CIFARReader.read(truncated, variant: .cifar10)
    }
    let badLabel = dir.appendingPathComponent("label.bin")
    try Data(record(label: 1) { _ in 0 } + record(label: 12) { _ in 0 }).write(to: badLabel)
    expectError("record 1 has label 12") { _ = try CIFARReader.read(badLabel, variant: .cifar10) }
  }

  @Test func missingDirectoryAndFilesAreNamed() throws {
    expectError("/no/such/dir: data directory does not exist") {
      _ = try CIFARReader.read(directory: URL(fileURLWithPath: "/no/such/dir"), variant: .cifar10)
    }
    let dir = try temporaryDirectory()
    expectError("data_batch_1.bin: missing cifar10 file") {
      _ = try CIFARReader.read(directory: dir, variant: .cifar10)
    }
  }

  @Test func embeddedPrefixLoads() throws {
    let splits = try DatasetLocator.load(.cifar10)
    #expect(splits.train.count == 5_438)
    #expect(splits.test.count == 1_017)
    #expect(Set(splits.train.labels).count == 10)
  }

  @Test func cifar100UsesTheFineLabel() throws {
    let dir = try temporaryDirectory()
    let url = dir.appendingPathComponent("train.bin")
    try Data([4, 77] + [UInt8](repeating: 1, count: 3072)).write(to: url)
    #expect(try CIFARReader.read(url, variant: .cifar100).labels == [77])
  }
}

@Suite struct IDXReaderTests {
  func header(_ magic: Int, _ dims: [Int]) -> [UInt8] {
    ([magic] + dims).flatMap { v in (0..<4).map { UInt8((v >> (8 * (3 - $0))) & 0xff) } }
  }

  @Test(arguments: [true, false])
  func readsRawAndGzipFiles(compressed: Bool) throws {
    let dir = try temporaryDirectory()
    let images = Data(header(0x803, [2, 2, 3]) + [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    let labels = Data(header(0x801, [2]) + [4, 9])
    let suffix = compressed ? ".gz" : ""
    try (compressed ? Gzip.compress(images) : images).write(
      to: dir.appendingPathComponent("i\(suffix)"))
    try (compressed ? Gzip.compress(labels) : labels).write(
      to: dir.appendingPathComponent("l\(suffix)"))
    let data = try IDXReader.read(
      images: dir.appendingPathComponent("i\(suffix)"),
      labels: dir.appendingPathComponent("l\(suffix)"))
    #expect(data.count == 2)
    #expect(data.height == 2 && data.width == 3 && data.channels == 1)
    #expect(data.pixels == Array(1...12).map(UInt8.init))
    #expect(data.labels == [4, 9])
  }

  @Test func rejectsWrongMagicCountsAndCorruption() throws {
    let dir = try temporaryDirectory()
    let wrongMagic = dir.appendingPathComponent("magic")
    try Data(header(0x801, [1, 1, 1]) + [0]).write(to: wrongMagic)
    expectError("IDX magic 0x801 is not 0x803") { _ = try IDXReader.readImages(wrongMagic) }
    let images = dir.appendingPathComponent("images")
    try Data(header(0x803, [2, 1, 1]) + [0, 0]).write(to: images)
    let labels = dir.appendingPathComponent("labels")
    try Data(header(0x801, [3]) + [0, 1, 2]).write(to: labels)
    expectError("has 3 labels but images has 2 images") {
      _ = try IDXReader.read(images: images, labels: labels)
    }
    let short = dir.appendingPathComponent("short")
    try Data(header(0x803, [5, 2, 2]) + [0]).write(to: short)
    expectError("header promises 5 images") { _ = try IDXReader.readImages(short) }
    let corrupt = dir.appendingPathComponent("corrupt.gz")
    try Gzip.compress(Data(repeating: 1, count: 1000)).dropLast(8).write(to: corrupt)
    expectError("corrupt.gz: truncated gzip stream") { _ = try IDXReader.readImages(corrupt) }
  }

  @Test(
    .enabled(if: FileManager.default.fileExists(atPath: DatasetLocator.fashionMNISTSystemDirectory))
  )
  func fashionMNISTFromTheDebianPackage() throws {
    let splits = try DatasetLocator.load(.fashionMNIST)
    #expect(splits.train.count == 60_000)
    #expect(splits.test.count == 10_000)
  }
}

@Suite struct SplitAndTransformTests {
  @Test func validationSplitIsBalancedDisjointAndSeeded() throws {
    let labels = (0..<1000).map { Int32($0 % 10) }
    let a = try ValidationSplit(labels: labels, classCount: 10, fraction: 0.5, seed: 1)
    let b = try ValidationSplit(labels: labels, classCount: 10, fraction: 0.5, seed: 1)
    let c = try ValidationSplit(labels: labels, classCount: 10, fraction: 0.5, seed: 2)
    #expect(a == b)
    #expect(a != c)
    #expect(Set(a.train).isDisjoint(with: a.validation))
    #expect(a.train.count + a.validation.count == 1000)
    for k in 0..<10 { #expect(a.validation.filter { labels[$0] == k }.count == 50) }
    #expect(throws: CairnError.self) {
      try ValidationSplit(labels: labels, classCount: 10, fraction: 1, seed: 1)
    }
  }

  @Test func normalisationAndCropFlipSemantics() {
    // A 1-channel 2x3 image 0...5; mean 0, std 1/255 makes output = pixel value.
    let pixels: [UInt8] = [0, 1, 2, 3, 4, 5]
    let plain = ImageTransform(mean: [0], std: [1.0 / 255], cropPadding: nil)
    var random = RandomStream(seed: 1)
    var out = [Float](repeating: -1, count: 6)
    pixels.withUnsafeBufferPointer { p in
      out.withUnsafeMutableBufferPointer {
        plain.apply(p, channels: 1, height: 2, width: 3, into: $0, random: &random)
      }
    }
    #expect(out.map { $0.rounded() } == [0, 1, 2, 3, 4, 5])
    // With a crop of padding 1, every output is a shifted (possibly mirrored) window with zero padding.
    let cropping = ImageTransform(mean: [0], std: [1.0 / 255], cropPadding: 1)
    var seen: Set<[Float]> = []
    for seed in 0..<200 {
      var r = RandomStream(seed: UInt64(seed))
      pixels.withUnsafeBufferPointer { p in
        out.withUnsafeMutableBufferPointer {
          cropping.apply(p, channels: 1, height: 2, width: 3, into: $0, random: &r)
        }
      }
      seen.insert(out.map { $0.rounded() })
    }
    #expect(seen.contains([1, 2, 0, 4, 5, 0]))  // shifted left by one
    #expect(seen.contains([2, 1, 0, 5, 4, 3]))  // mirrored
    #expect(seen.contains([0, 0, 0, 0, 1, 2]))  // shifted down and right
    #expect(seen.count == 18)  // 3 × 3 offsets × 2 flips
    let cifar = DatasetName.cifar10.normalization
    let t = ImageTransform(mean: cifar.mean, std: cifar.std, cropPadding: nil)
    var rgb = [Float](repeating: 0, count: 3)
    [UInt8(255), 0, 128].withUnsafeBufferPointer { p in
      rgb.withUnsafeMutableBufferPointer {
        t.apply(p, channels: 3, height: 1, width: 1, into: $0, random: &random)
      }
    }
    #expect(abs(rgb[0] - (1 - 0.4914) / 0.2470) < 1e-5)
    #expect(abs(rgb[1] - (0 - 0.4822) / 0.2435) < 1e-5)
  }
}

@Suite struct BatchLoaderTests {
  func dataset() -> ImageDataset {
    let count = 50
    return ImageDataset(
      pixels: (0..<(count * 3 * 4 * 4)).map { UInt8($0 % 256) },
      labels: (0..<count).map { Int32($0 % 10) },
      channels: 3, height: 4, width: 4, classCount: 10, source: "synthetic")
  }

  func loader(start: LoaderCursor = LoaderCursor(), prefetch: Int = 2) throws -> BatchLoader {
    try BatchLoader(
      dataset: dataset(), indices: Array(0..<50), batchSize: 8, shuffle: true,
      transform: ImageTransform(mean: [0, 0, 0], std: [1, 1, 1], cropPadding: 1), augment: true,
      dropLast: false,
      seed: 7, start: start, prefetch: prefetch)
  }

  @Test func everyImageOncePerEpochAndSeededOrder() throws {
    let a = try loader()
    #expect(a.batchesPerEpoch == 7)
    var labels: [Int32] = []
    for _ in 0..<7 { labels += a.next().labels }
    #expect(labels.count == 50)
    #expect(labels.sorted() == (0..<50).map { Int32($0 % 10) }.sorted())
    let second = a.next()
    #expect(second.cursor == LoaderCursor(epoch: 1, batch: 0))
  }

  @Test func resumingFromACursorGivesTheSameBatches() throws {
    let full = try loader()
    var reference: [Batch] = []
    for _ in 0..<12 { reference.append(full.next()) }
    let resumed = try loader(start: LoaderCursor(epoch: 1, batch: 2), prefetch: 0)
    for expected in reference[9...] {
      let batch = resumed.next()
      #expect(batch.cursor == expected.cursor)
      #expect(batch.images == expected.images)
      #expect(batch.labels == expected.labels)
    }
  }

  @Test func rejectsBadSettings() {
    #expect(throws: CairnError.self) {
      try BatchLoader(
        dataset: dataset(), indices: [], batchSize: 4, shuffle: false,
        transform: ImageTransform(mean: [0, 0, 0], std: [1, 1, 1], cropPadding: nil),
        augment: false, dropLast: false,
        seed: 1)
    }
  }
}

import CairnCore
import Foundation
import Testing

@testable import CairnData

@Suite struct CIFARReaderTests {
  @Test func readsLabelsAndPlanarPixelsExactly() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let records = [
      cifarRecord(labels: [3]) { UInt8($0 % 251) },
      cifarRecord(labels: [9]) { _ in 7 },
      cifarRecord(labels: [0]) { UInt8($0 / 1024) },
    ]
    let url = directory.appendingPathComponent("three.bin")
    try Data(records.joined()).write(to: url)
    let data = try CIFARReader.read(url, variant: .cifar10)
    #expect(data.count == 3)
    #expect((data.channels, data.height, data.width) == (3, 32, 32))
    #expect(data.labels == [3, 9, 0])
    #expect(data.pixels == records.flatMap { $0.dropFirst() })
    // Channel c, row y, column x of image i is byte 1 + c·1024 + y·32 + x of record i.
    let (c, y, x) = (1, 5, 17)
    #expect(data.image(at: 0)[c * 1024 + y * 32 + x] == UInt8((c * 1024 + y * 32 + x) % 251))
    #expect(data.image(at: 2)[2 * 1024] == 2)  // the blue plane of the third image
    #expect(data.classNames.first == "airplane")
  }

  @Test func oddSizedFileIsRejectedNamingFileAndSize() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("truncated.bin")
    try Data(cifarRecord(labels: [1]) { _ in 0 }.dropLast(10)).write(to: url)
    expectError(url.path + ":", "size 3063 bytes", "record size 3073") {
      _ = try CIFARReader.read(url, variant: .cifar10)
    }
    let empty = directory.appendingPathComponent("empty.bin")
    try Data().write(to: empty)
    expectError("empty.bin: size 0 bytes") { _ = try CIFARReader.read(empty, variant: .cifar10) }
  }

  @Test func labelOutOfRangeNamesFileAndRecord() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("label.bin")
    try Data(cifarRecord(labels: [1]) { _ in 0 } + cifarRecord(labels: [12]) { _ in 0 }).write(
      to: url)
    expectError("label.bin: record 1 has label 12, outside 0..<10") {
      _ = try CIFARReader.read(url, variant: .cifar10)
    }
    let hundred = directory.appendingPathComponent("train.bin")
    try Data(cifarRecord(labels: [2, 100]) { _ in 0 }).write(to: hundred)
    expectError("train.bin: record 0 has label 100, outside 0..<100") {
      _ = try CIFARReader.read(hundred, variant: .cifar100)
    }
  }

  @Test func cifar100UsesTheFineLabel() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("train.bin")
    try Data(
      cifarRecord(labels: [4, 77]) { UInt8($0 % 3) } + cifarRecord(labels: [19, 5]) { _ in 9 }
    ).write(to: url)
    let data = try CIFARReader.read(url, variant: .cifar100)
    #expect(data.labels == [77, 5])
    #expect(data.classCount == 100)
    #expect(data.pixels[3072] == 9 && data.pixels[4] == 1)
    #expect(data.classNames.count == 100 && data.classNames[77] == "snail")
  }

  @Test func missingDirectoryAndFilesAreNamed() throws {
    expectError("/no/such/dir: data directory does not exist") {
      _ = try CIFARReader.read(directory: URL(fileURLWithPath: "/no/such/dir"), variant: .cifar10)
    }
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try writeCIFAR10(to: directory)
    try FileManager.default.removeItem(at: directory.appendingPathComponent("data_batch_5.bin"))
    expectError(
      directory.appendingPathComponent("data_batch_5.bin").path + ": missing CIFAR-10 file"
    ) {
      _ = try CIFARReader.read(directory: directory, variant: .cifar10)
    }
  }

  @Test func directoryReadsAllBatchesInOrderWithClassNames() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try writeCIFAR10(to: directory, recordsPerFile: 2)
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]
    try Data((names.joined(separator: "\n") + "\n\n").utf8).write(
      to: directory.appendingPathComponent("batches.meta.txt"))
    let splits = try CIFARReader.read(directory: directory, variant: .cifar10)
    #expect(splits.train.count == 10 && splits.test.count == 2)
    #expect(splits.train.labels == [0, 1, 1, 2, 2, 3, 3, 4, 4, 5])
    #expect(splits.test.labels == [5, 6])
    #expect(splits.train.image(at: 1).first == 1)
    #expect(splits.train.classNames == names)

    try Data("only\ntwo\n".utf8).write(to: directory.appendingPathComponent("batches.meta.txt"))
    expectError("batches.meta.txt: lists 2 class names, expected 10") {
      _ = try CIFARReader.read(directory: directory, variant: .cifar10)
    }
  }
}

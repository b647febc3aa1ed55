import CairnCore
import Foundation

/// Reads the CIFAR-10 / CIFAR-100 binary format (the official `*-bin` archives).
///
/// CIFAR-10 records are 1 label byte + 3,072 pixel bytes (1,024 red, 1,024 green, 1,024 blue; 32×32 row-major);
/// CIFAR-100 records have 2 label bytes (coarse, fine; Cairn uses the fine label). Files have no header: the record
/// count is the file size divided by the record size.
public enum CIFARReader {
  /// Which CIFAR variant.
  public enum Variant: String, Sendable {
    case cifar10 = "cifar10"
    case cifar100 = "cifar100"

    var labelBytes: Int { self == .cifar10 ? 1 : 2 }
    var classCount: Int { self == .cifar10 ? 10 : 100 }
    var recordSize: Int { labelBytes + 3072 }
    var trainFiles: [String] {
      self == .cifar10 ? (1...5).map { "data_batch_\($0).bin" } : ["train.bin"]
    }
    var testFiles: [String] { self == .cifar10 ? ["test_batch.bin"] : ["test.bin"] }
  }

  /// Reads one binary file.
  public static func read(_ url: URL, variant: Variant) throws(CairnError) -> ImageDataset {
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      throw .invalidFile(
        path: url.path, problem: "cannot read CIFAR file (\(error.localizedDescription))")
    }
    guard !data.isEmpty, data.count % variant.recordSize == 0 else {
      throw .invalidFile(
        path: url.path,
        problem:
          "size \(data.count) bytes is not a positive multiple of the \(variant.rawValue) record size \(variant.recordSize); the file is truncated or not \(variant.rawValue) binary"
      )
    }
    let count = data.count / variant.recordSize
    var labels = [Int32](repeating: 0, count: count)
    var pixels = [UInt8](repeating: 0, count: count * 3072)
    var badRecord: (Int, Int)?
    data.withUnsafeBytes { raw in
      let bytes = raw.bindMemory(to: UInt8.self)
      pixels.withUnsafeMutableBufferPointer { out in
        for i in 0..<count {
          let base = i * variant.recordSize
          let label = Int(bytes[base + variant.labelBytes - 1])
          if label >= variant.classCount && badRecord == nil { badRecord = (i, label) }
          labels[i] = Int32(label)
          (out.baseAddress! + i * 3072).update(
            from: bytes.baseAddress! + base + variant.labelBytes, count: 3072)
        }
      }
    }
    if let (record, label) = badRecord {
      throw .invalidFile(
        path: url.path,
        problem: "record \(record) has label \(label), outside 0..<\(variant.classCount)")
    }
    return ImageDataset(
      pixels: pixels, labels: labels, channels: 3, height: 32, width: 32,
      classCount: variant.classCount,
      source: url.path)
  }

  /// Reads the official training and test files from a directory.
  public static func read(directory: URL, variant: Variant) throws(CairnError) -> DatasetSplits {
    try DatasetLocator.requireDirectory(directory)
    func load(_ names: [String]) throws(CairnError) -> ImageDataset {
      var parts: [ImageDataset] = []
      for name in names {
        let url = directory.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else {
          throw .invalidFile(path: url.path, problem: "missing \(variant.rawValue) file")
        }
        parts.append(try read(url, variant: variant))
      }
      return ImageDataset(
        pixels: parts.flatMap(\.pixels), labels: parts.flatMap(\.labels), channels: 3, height: 32,
        width: 32,
        classCount: variant.classCount, source: directory.path)
    }
    return DatasetSplits(train: try load(variant.trainFiles), test: try load(variant.testFiles))
  }
}

import CairnCore
import Foundation

/// Reads the CIFAR-10 / CIFAR-100 binary format (the official `cifar-10-batches-bin` and `cifar-100-binary`).
///
/// CIFAR-10 records are 1 label byte + 3,072 pixel bytes (1,024 red, 1,024 green, 1,024 blue; 32×32 row-major);
/// CIFAR-100 records have 2 label bytes (coarse, fine; Cairn uses the fine label). Files have no header: the record
/// count is the file size divided by the record size, so partial copies (like the built-in prefix) and the
/// complete official files read alike. The pixel planes are already CHW, so each record is one copy.
public enum CIFARReader {
  /// Which CIFAR variant.
  public enum Variant: String, Sendable {
    case cifar10 = "cifar10"
    case cifar100 = "cifar100"

    /// Label bytes at the start of each record.
    public var labelBytes: Int { self == .cifar10 ? 1 : 2 }
    /// Classes of the label Cairn uses (CIFAR-100: fine).
    public var classCount: Int { self == .cifar10 ? 10 : 100 }
    /// Bytes per record: labels then 3·32·32 pixels.
    public var recordSize: Int { labelBytes + imageSize }
    /// The official training files, read in this order.
    public var trainFiles: [String] {
      self == .cifar10 ? (1...5).map { "data_batch_\($0).bin" } : ["train.bin"]
    }
    /// The official test files.
    public var testFiles: [String] { self == .cifar10 ? ["test_batch.bin"] : ["test.bin"] }
    /// The file listing class names, one per line in label order.
    var classNamesFile: String { self == .cifar10 ? "batches.meta.txt" : "fine_label_names.txt" }
    var displayName: String { self == .cifar10 ? "CIFAR-10" : "CIFAR-100" }
    var builtInClassNames: [String] { self == .cifar10 ? ClassNames.cifar10 : ClassNames.cifar100 }
  }

  static let imageSize = 3 * 32 * 32

  /// Reads one binary file. Throws when the size is not a positive multiple of the record size or a label is out
  /// of range, naming the file (and the record).
  public static func read(_ url: URL, variant: Variant) throws(CairnError) -> ImageDataset {
    try read([url], variant: variant, classNames: variant.builtInClassNames, source: url.path)
  }

  /// Reads the official training and test files of a directory, with class names from its names file when present.
  public static func read(directory: URL, variant: Variant) throws(CairnError) -> DatasetSplits {
    try DataFile.requireDirectory(directory)
    let names = try classNames(in: directory, variant: variant)
    let train = variant.trainFiles.map { directory.appendingPathComponent($0) }
    let test = variant.testFiles.map { directory.appendingPathComponent($0) }
    for url in train + test where !DataFile.isFile(url) {
      throw .invalidFile(
        path: url.path,
        problem:
          "missing \(variant.displayName) file (the directory must hold \((variant.trainFiles + variant.testFiles).joined(separator: ", ")))"
      )
    }
    return DatasetSplits(
      train: try read(train, variant: variant, classNames: names, source: directory.path),
      test: try read(test, variant: variant, classNames: names, source: directory.path),
      directory: directory)
  }

  /// Class names from `batches.meta.txt` / `fine_label_names.txt` when present, else the built-in list.
  static func classNames(in directory: URL, variant: Variant) throws(CairnError) -> [String] {
    let url = directory.appendingPathComponent(variant.classNamesFile)
    guard let names = try DataFile.lines(url) else { return variant.builtInClassNames }
    guard names.count == variant.classCount else {
      throw .invalidFile(
        path: url.path, problem: "lists \(names.count) class names, expected \(variant.classCount)")
    }
    return names
  }

  /// Reads and concatenates record files into one dataset, copying pixels straight into their final place.
  static func read(
    _ urls: [URL], variant: Variant, classNames: [String], source: String
  ) throws(CairnError) -> ImageDataset {
    var contents: [Data] = []
    for url in urls {
      let data = try DataFile.read(url, what: "\(variant.displayName) binary")
      guard !data.isEmpty, data.count % variant.recordSize == 0 else {
        throw .invalidFile(
          path: url.path,
          problem:
            "size \(data.count) bytes is not a positive multiple of the \(variant.displayName) record size \(variant.recordSize) (\(variant.labelBytes) label byte\(variant.labelBytes == 1 ? "" : "s") + 3072 pixels); the file is truncated or not \(variant.displayName) binary"
        )
      }
      contents.append(data)
    }
    let total = contents.reduce(0) { $0 + $1.count / variant.recordSize }
    var labels = [Int32](repeating: 0, count: total)
    var pixels = [UInt8](repeating: 0, count: total * imageSize)
    var first = 0
    for (url, data) in zip(urls, contents) {
      let count = data.count / variant.recordSize
      if let problem = copyRecords(
        data, count: count, variant: variant, first: first, &labels, &pixels)
      {
        throw .invalidFile(path: url.path, problem: problem)
      }
      first += count
    }
    return ImageDataset(
      pixels: pixels, labels: labels, channels: 3, height: 32, width: 32,
      classCount: variant.classCount,
      classNames: classNames, source: source)
  }

  /// Copies `count` records into place starting at image `first`; returns the problem with the first bad record.
  private static func copyRecords(
    _ data: Data, count: Int, variant: Variant, first: Int, _ labels: inout [Int32],
    _ pixels: inout [UInt8]
  ) -> String? {
    let recordSize = variant.recordSize
    let labelBytes = variant.labelBytes
    let coarseClassCount = 20
    return data.withUnsafeBytes { raw -> String? in
      for i in 0..<count {
        let base = i * recordSize
        let label = Int(raw[base + labelBytes - 1])
        if label >= variant.classCount {
          return "record \(i) has label \(label), outside 0..<\(variant.classCount)"
        }
        if variant == .cifar100 && Int(raw[base]) >= coarseClassCount {
          return "record \(i) has coarse label \(raw[base]), outside 0..<\(coarseClassCount)"
        }
        labels[first + i] = Int32(label)
      }
      pixels.withUnsafeMutableBufferPointer { out in
        for i in 0..<count {
          DataFile.copy(
            raw, from: i * recordSize + labelBytes, count: imageSize, into: out,
            at: (first + i) * imageSize)
        }
      }
      return nil
    }
  }
}

import CairnCore
import Foundation

/// Reads MNIST-style IDX files (MNIST, Fashion-MNIST), gzip-compressed or raw.
///
/// Compression is detected from the gzip magic bytes 1f 8b, not from the name. Layout, all counts big-endian:
/// images — magic 0x00000803 (unsigned bytes, 3 dimensions), count, rows, columns, then count·rows·columns
/// pixel bytes row-major; labels — magic 0x00000801, count, then count label bytes. The byte count must match
/// the header exactly.
public enum IDXReader {
  static let imageMagic = 0x0000_0803
  static let labelMagic = 0x0000_0801

  /// The standard file stems of the training and test parts; `.gz` may be appended.
  public static let trainImagesFile = "train-images-idx3-ubyte"
  public static let trainLabelsFile = "train-labels-idx1-ubyte"
  public static let testImagesFile = "t10k-images-idx3-ubyte"
  public static let testLabelsFile = "t10k-labels-idx1-ubyte"

  /// Reads an images file: (pixels, count, rows, columns).
  public static func readImages(_ url: URL) throws(CairnError) -> (
    pixels: [UInt8], count: Int, rows: Int, columns: Int
  ) {
    let data = try DataFile.readPossiblyCompressed(url, what: "IDX image")
    let header = try parseHeader(data, url: url, magic: imageMagic, kind: "image")
    let (count, rows, columns) = (header.dimensions[0], header.dimensions[1], header.dimensions[2])
    guard count > 0 && rows > 0 && columns > 0 else {
      throw .invalidFile(
        path: url.path, problem: "holds no images (header says \(count) of \(rows)x\(columns))")
    }
    return (payload(data, after: header.size), count, rows, columns)
  }

  /// Reads a labels file; every label must lie in 0..<classCount.
  public static func readLabels(_ url: URL, classCount: Int) throws(CairnError) -> [Int32] {
    let data = try DataFile.readPossiblyCompressed(url, what: "IDX label")
    let header = try parseHeader(data, url: url, magic: labelMagic, kind: "label")
    let bytes = payload(data, after: header.size)
    var labels = [Int32](repeating: 0, count: bytes.count)
    var bad: Int?
    bytes.withUnsafeBufferPointer { source in
      labels.withUnsafeMutableBufferPointer { target in
        for i in 0..<source.count {
          let label = source[i]
          if Int(label) >= classCount && bad == nil { bad = i }
          target[i] = Int32(label)
        }
      }
    }
    if let bad {
      throw .invalidFile(
        path: url.path, problem: "label \(labels[bad]) at index \(bad) is outside 0..<\(classCount)"
      )
    }
    return labels
  }

  /// Reads an images file and its labels file as one single-channel dataset; the counts must agree.
  public static func read(
    images: URL, labels: URL, classCount: Int = 10, classNames: [String] = []
  ) throws(CairnError) -> ImageDataset {
    let image = try readImages(images)
    let label = try readLabels(labels, classCount: classCount)
    guard image.count == label.count else {
      throw .invalidFile(
        path: labels.path,
        problem:
          "has \(label.count) labels but \(images.lastPathComponent) has \(image.count) images")
    }
    return ImageDataset(
      pixels: image.pixels, labels: label, channels: 1, height: image.rows, width: image.columns,
      classCount: classCount, classNames: classNames,
      source: images.deletingLastPathComponent().path)
  }

  /// Reads the four standard files (`train-images-idx3-ubyte[.gz]`, …, `t10k-labels-idx1-ubyte[.gz]`) of a
  /// directory; where both a raw and a `.gz` file exist, the raw one is read.
  public static func read(
    directory: URL, classNames: [String] = DatasetName.fashionMNIST.classNames
  ) throws(CairnError) -> DatasetSplits {
    try DataFile.requireDirectory(directory)
    let classCount = classNames.isEmpty ? 10 : classNames.count
    let train = try read(
      images: try file(trainImagesFile, in: directory),
      labels: try file(trainLabelsFile, in: directory),
      classCount: classCount, classNames: classNames)
    let test = try read(
      images: try file(testImagesFile, in: directory),
      labels: try file(testLabelsFile, in: directory),
      classCount: classCount, classNames: classNames)
    guard train.height == test.height && train.width == test.width else {
      throw .invalidFile(
        path: directory.path,
        problem:
          "training images are \(train.height)x\(train.width) but test images are \(test.height)x\(test.width)"
      )
    }
    return DatasetSplits(train: train, test: test, directory: directory)
  }

  /// The raw or gzip file for a stem, or an error naming the missing file.
  static func file(_ stem: String, in directory: URL) throws(CairnError) -> URL {
    if let url = existingFile(stem, in: directory) { return url }
    throw .invalidFile(
      path: directory.appendingPathComponent(stem).path,
      problem: "missing IDX file (looked for it raw and as .gz)")
  }

  /// The raw or gzip file for a stem, if either exists.
  static func existingFile(_ stem: String, in directory: URL) -> URL? {
    [stem, stem + ".gz"].lazy.map { directory.appendingPathComponent($0) }.first(
      where: DataFile.isFile)
  }

  /// A parsed header: the dimensions and the header's size in bytes.
  struct Header {
    var dimensions: [Int]
    var size: Int
  }

  /// Checks the magic number and that the payload size equals the product of the dimensions.
  static func parseHeader(_ data: Data, url: URL, magic: Int, kind: String) throws(CairnError)
    -> Header
  {
    let dimensionCount = magic & 0xff
    let size = 4 + 4 * dimensionCount
    guard data.count >= 4 else {
      throw .invalidFile(
        path: url.path, problem: "only \(data.count) bytes, too short for an IDX \(kind) header")
    }
    let found = bigEndian(data, at: 0)
    guard found == magic else {
      throw .invalidFile(
        path: url.path,
        problem:
          "IDX magic 0x\(hex(found)) is not 0x\(hex(magic)) (unsigned-byte \(kind)s, \(dimensionCount) dimension\(dimensionCount == 1 ? "" : "s"))"
      )
    }
    guard data.count >= size else {
      throw .invalidFile(
        path: url.path, problem: "only \(data.count) bytes, too short for an IDX \(kind) header")
    }
    let dimensions = (0..<dimensionCount).map { bigEndian(data, at: 4 + 4 * $0) }
    var expected = 1
    for dimension in dimensions {
      let (product, overflow) = expected.multipliedReportingOverflow(by: dimension)
      guard !overflow else {
        throw .invalidFile(
          path: url.path, problem: "header dimensions \(dimensions) are impossibly large")
      }
      expected = product
    }
    guard data.count - size == expected else {
      let shape = dimensions.map(String.init).joined(separator: "x")
      throw .invalidFile(
        path: url.path,
        problem:
          "header promises \(shape) = \(expected) bytes after the \(size)-byte header, but the file has \(data.count - size); it is truncated or corrupt"
      )
    }
    return Header(dimensions: dimensions, size: size)
  }

  /// The bytes after the header, copied into an array.
  static func payload(_ data: Data, after offset: Int) -> [UInt8] {
    let count = data.count - offset
    return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
      data.withUnsafeBytes { raw in
        DataFile.copy(raw, from: offset, count: count, into: buffer, at: 0)
      }
      initialized = count
    }
  }

  static func bigEndian(_ data: Data, at offset: Int) -> Int {
    let start = data.startIndex + offset
    return Int(data[start]) << 24 | Int(data[start + 1]) << 16 | Int(data[start + 2]) << 8
      | Int(data[start + 3])
  }

  private static func hex(_ value: Int) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
  }
}

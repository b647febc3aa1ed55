import CairnCore
import Foundation

/// Reads MNIST-style IDX files (MNIST, Fashion-MNIST), gzip-compressed or raw (detected from the gzip magic bytes).
///
/// Images: magic 0x00000803, then big-endian count, rows, columns, then count·rows·columns bytes.
/// Labels: magic 0x00000801, then count, then count bytes.
public enum IDXReader {
  static func load(_ url: URL) throws(CairnError) -> Data {
    let raw: Data
    do {
      raw = try Data(contentsOf: url)
    } catch {
      throw .invalidFile(
        path: url.path, problem: "cannot read IDX file (\(error.localizedDescription))")
    }
    return Gzip.isCompressed(raw) ? try Gzip.decompress(raw, path: url.path) : raw
  }

  static func bigEndian(_ data: Data, at offset: Int) -> Int {
    (0..<4).reduce(0) { $0 << 8 | Int(data[data.startIndex + offset + $1]) }
  }

  /// Reads an images file: (pixels, count, rows, columns).
  public static func readImages(_ url: URL) throws(CairnError) -> (
    pixels: [UInt8], count: Int, rows: Int, columns: Int
  ) {
    let data = try load(url)
    guard data.count >= 16 else {
      throw .invalidFile(path: url.path, problem: "too short for an IDX image header")
    }
    let magic = bigEndian(data, at: 0)
    guard magic == 0x0803 else {
      throw .invalidFile(
        path: url.path,
        problem:
          "IDX magic 0x\(String(magic, radix: 16)) is not 0x803 (unsigned-byte images, 3 dims)")
    }
    let (count, rows, columns) = (
      bigEndian(data, at: 4), bigEndian(data, at: 8), bigEndian(data, at: 12)
    )
    guard data.count == 16 + count * rows * columns else {
      throw .invalidFile(
        path: url.path,
        problem:
          "header promises \(count) images of \(rows)x\(columns) (\(16 + count * rows * columns) bytes), file has \(data.count)"
      )
    }
    return (Array(data.dropFirst(16)), count, rows, columns)
  }

  /// Reads a labels file.
  public static func readLabels(_ url: URL, classCount: Int) throws(CairnError) -> [Int32] {
    let data = try load(url)
    guard data.count >= 8 else {
      throw .invalidFile(path: url.path, problem: "too short for an IDX label header")
    }
    let magic = bigEndian(data, at: 0)
    guard magic == 0x0801 else {
      throw .invalidFile(
        path: url.path, problem: "IDX magic 0x\(String(magic, radix: 16)) is not 0x801 (labels)")
    }
    let count = bigEndian(data, at: 4)
    guard data.count == 8 + count else {
      throw .invalidFile(
        path: url.path, problem: "header promises \(count) labels, file has \(data.count - 8)")
    }
    let labels = data.dropFirst(8).map { Int32($0) }
    if let bad = labels.firstIndex(where: { $0 >= classCount }) {
      throw .invalidFile(
        path: url.path, problem: "label \(labels[bad]) at index \(bad) is outside 0..<\(classCount)"
      )
    }
    return labels
  }

  /// Reads an images file and its labels file as one dataset (1 channel).
  public static func read(images: URL, labels: URL, classCount: Int = 10) throws(CairnError)
    -> ImageDataset
  {
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
      classCount: classCount, source: images.deletingLastPathComponent().path)
  }

  /// Reads the four standard files (`train-images-idx3-ubyte[.gz]`, …, `t10k-labels-idx1-ubyte[.gz]`) of a directory.
  public static func read(directory: URL) throws(CairnError) -> DatasetSplits {
    try DatasetLocator.requireDirectory(directory)
    func file(_ stem: String) throws(CairnError) -> URL {
      for name in [stem + ".gz", stem] {
        let url = directory.appendingPathComponent(name)
        if FileManager.default.fileExists(atPath: url.path) { return url }
      }
      throw .invalidFile(
        path: directory.appendingPathComponent(stem).path, problem: "missing IDX file (.gz or raw)")
    }
    return DatasetSplits(
      train: try read(
        images: try file("train-images-idx3-ubyte"), labels: try file("train-labels-idx1-ubyte")),
      test: try read(
        images: try file("t10k-images-idx3-ubyte"), labels: try file("t10k-labels-idx1-ubyte")))
  }
}

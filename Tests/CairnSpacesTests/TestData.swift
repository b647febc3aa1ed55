import Foundation

/// Locates the benchmark tables the tests compare against: first in the repository's `Data` directory, then in
/// the shared data directory next to the repository.
enum TestData {
  /// The repository root, found from this file's path with symbolic links resolved.
  static let repositoryRoot: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// The first existing copy of `relativePath` (such as `nasbench201/nb201_table.csv`), or nil.
  static func path(_ relativePath: String) -> String? {
    let candidates = [
      repositoryRoot.appendingPathComponent("Data").appendingPathComponent(relativePath),
      repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
        .appendingPathComponent(relativePath),
    ]
    return candidates.map(\.path).first { FileManager.default.fileExists(atPath: $0) }
  }

  static let nb201Table = path("nasbench201/nb201_table.csv")
  static let natsTable = path("nasbench201/nats_bench_tss_200ep_v-tao.csv")
  static let nb101Subset = path("nasbench101/nb101_subset_30k.csv")

  /// The first `columns` fields of the header and of every `stride`-th data row of a CSV file without quoted
  /// fields (data rows 0, stride, 2 stride, …).
  static func rows(_ path: String, columns: Int, stride: Int = 1) throws -> [[String]] {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    let lines = data.split(separator: UInt8(ascii: "\n"))
    let kept = [0] + Array(Swift.stride(from: 1, to: lines.count, by: stride))
    return kept.map { index in
      lines[index].split(
        separator: UInt8(ascii: ","), maxSplits: columns, omittingEmptySubsequences: false
      )
      .prefix(columns).map { String(decoding: $0, as: UTF8.self) }
    }
  }
}

import CairnCore
import CairnSpaces
import Foundation

extension BuiltBenchmark {
  /// The built benchmarks shipped in the CairnBenchmarks bundle's `built/` directory (see its README).
  public static func shipped() throws(CairnError) -> [BuiltBenchmark] {
    let resources = try ResourceBundle.directory(for: "CairnBenchmarks")
    return try shipped(in: resources.appendingPathComponent("built"))
  }

  /// The built benchmarks in `directory`: every `<space>.<dataset>.<protocol>.csv` (or `.csv.gz`) file, ordered by
  /// file name; other files (the README) are not benchmarks. None when the directory does not exist.
  ///
  /// Throws `CairnError.invalidFile` naming a CSV file whose name is not of that form or names an unknown space.
  static func shipped(in directory: URL) throws(CairnError) -> [BuiltBenchmark] {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else {
      return []
    }
    var found: [BuiltBenchmark] = []
    for name in names.sorted() where name.hasSuffix(".csv") || name.hasSuffix(".csv.gz") {
      let path = directory.appendingPathComponent(name).path
      let stem =
        name.hasSuffix(".gz") ? name.dropLast(".csv.gz".count) : name.dropLast(".csv".count)
      let parts = stem.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
      guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) else {
        throw .invalidFile(
          path: path, problem: "a built benchmark's name must be <space>.<dataset>.<protocol>.csv")
      }
      guard let space = SpaceName(rawValue: parts[0]) else {
        throw .invalidFile(
          path: path, problem: "unknown space '\(parts[0])'; expected one of \(SpaceName.nameList)")
      }
      found.append(
        BuiltBenchmark(
          space: space, dataset: parts[1], protocolHash: parts[2], source: .shipped(path: path)))
    }
    return found
  }
}

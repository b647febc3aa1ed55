import CairnCore
import CairnSpaces
import Foundation

extension BenchmarkTable {
  /// The table shipped with Cairn for `space` (`shippedNB201()` or `shippedNB101()`), loaded once per process.
  ///
  /// Throws `CairnError.invalidInput` for a space without a table (`darts`, `resnet20-width`), saying where its ground truth
  /// comes from.
  public static func shipped(_ space: SpaceName) throws(CairnError) -> BenchmarkTable {
    switch space {
    case .nb201: return try shippedNB201()
    case .nb101: return try shippedNB101()
    case .darts:
      throw .invalidInput(
        "the darts space has no shipped table; its ground truth is a built benchmark, darts:<dataset>_standalone_acc@<protocol> (Cairn ships darts:cifar10_standalone_acc@ca79c8ef96ebc5f0; `cairn bench build` makes others)"
      )
    case .resnet20Width:
      throw .invalidInput(
        "the resnet20-width space has no shipped table; its ground truth is a built benchmark, resnet20-width:<dataset>_standalone_acc@<protocol> (`cairn bench build` makes one)"
      )
    }
  }

  /// The NAS-Bench-201 table shipped with Cairn: all 15,625 cells, 15 metrics (see
  /// `Resources/nasbench201/README.md` for provenance). Loaded once per process and shared.
  public static func shippedNB201() throws(CairnError) -> BenchmarkTable {
    try ShippedTables.nb201.get()
  }

  /// The NAS-Bench-101 subset shipped with Cairn: 30,001 cells with validation accuracy at 4/12/36/108 epochs,
  /// parameters and training time (see `Resources/nasbench101/README.md`). Loaded once per process and shared.
  public static func shippedNB101() throws(CairnError) -> BenchmarkTable {
    try ShippedTables.nb101.get()
  }
}

/// The tables bundled as resources of this module, each loaded on first use.
enum ShippedTables {
  static let nb201: Result<BenchmarkTable, CairnError> = load(
    "nasbench201", "nb201_table.csv", BenchmarkTable.nb201(url:))
  static let nb101: Result<BenchmarkTable, CairnError> = load(
    "nasbench101", "nb101_subset_30k.csv.gz", BenchmarkTable.nb101(url:))

  /// The URL of a bundled file.
  static func url(directory: String, file: String) throws(CairnError) -> URL {
    try ResourceBundle.url("\(directory)/\(file)", in: "CairnBenchmarks")
  }

  private static func load(
    _ directory: String, _ file: String,
    _ loader: (URL) throws(CairnError) -> BenchmarkTable
  ) -> Result<BenchmarkTable, CairnError> {
    Result { () throws(CairnError) in try loader(url(directory: directory, file: file)) }
  }
}

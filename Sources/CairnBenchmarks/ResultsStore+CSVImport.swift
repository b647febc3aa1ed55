import CairnCore
import Foundation

extension ResultsStore {
  /// The columns of an importable CSV file, in order; the last is optional.
  static let importColumns = [
    "space", "arch", "dataset", "config_hash", "seed", "accuracy", "epochs",
  ]

  /// Imports results from a CSV file whose header is `space,arch,dataset,config_hash,seed,accuracy` with an
  /// optional final `epochs` column; `accuracy` is test accuracy in percent.
  ///
  /// Every row is validated as `record` does, and rows already in the store or repeated in the file are errors.
  /// The import is one transaction: any bad row throws `CairnError.invalidFile` naming the file and the row (the
  /// header is row 1) and nothing is written. Returns the number of rows imported.
  @discardableResult
  public func importCSV(url: URL) throws(CairnError) -> Int {
    let file = try TableFile(url: url)
    let now = Date()
    var pending: [(row: Int, result: StoredResult)] = []
    try file.withScanner { (scanner) throws(CairnError) in
      guard scanner.nextRow() else {
        throw .invalidFile(path: file.path, problem: "empty file; expected a CSV header in row 1")
      }
      let header = (0..<scanner.fieldCount).map { scanner.text($0) }
      let required = Array(Self.importColumns.dropLast())
      guard header == required || header == Self.importColumns else {
        throw file.error(
          scanner,
          "header is '\(header.joined(separator: ","))'; expected '\(required.joined(separator: ","))' "
            + "optionally followed by ',epochs'")
      }
      while scanner.nextRow() {
        guard scanner.fieldCount == header.count else {
          throw file.error(
            scanner, "expected \(header.count) fields, found \(scanner.fieldCount)")
        }
        guard !scanner.hasQuote else {
          throw file.error(scanner, "quoted fields are not supported")
        }
        guard let seed = scanner.integer(4) else {
          throw file.error(scanner, "seed '\(scanner.shown(4))' is not a whole number")
        }
        let accuracy: Double
        switch scanner.number(5) {
        case .value(let value): accuracy = value
        case .notANumber: throw file.error(scanner, "accuracy is NaN")
        case .infinite, .malformed:
          throw file.error(scanner, "accuracy '\(scanner.shown(5))' is not a finite number")
        }
        var epochs: Int?
        if header.count == 7 && !scanner.bytes(6).isEmpty {
          guard let value = scanner.integer(6) else {
            throw file.error(scanner, "epochs '\(scanner.shown(6))' is not a whole number")
          }
          epochs = value
        }
        let result = StoredResult(
          space: scanner.text(0), architecture: scanner.text(1), dataset: scanner.text(2),
          configHash: scanner.text(3), seed: seed, testAccuracy: accuracy, epochs: epochs,
          createdAt: now)
        do throws(CairnError) {
          try result.validate()
        } catch {
          throw file.error(scanner, error.description)
        }
        pending.append((scanner.rowNumber, result))
      }
    }
    try write { db in
      for (row, result) in pending {
        do {
          try Self.insert(result, into: db)
        } catch let error as CairnError {
          throw CairnError.invalidFile(path: file.path, problem: "row \(row): \(error.description)")
        }
      }
    }
    return pending.count
  }
}

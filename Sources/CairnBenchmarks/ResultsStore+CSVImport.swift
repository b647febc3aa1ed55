import CairnCore
import Foundation

extension ResultsStore {
  /// Imports results from a CSV file in the `ResultsCSV` form: header `space,arch,dataset,config_hash,seed,accuracy`
  /// with an optional final `epochs` column; `accuracy` is test accuracy in percent; fields holding commas are
  /// double-quoted.
  ///
  /// Every row is validated as `record` does, and rows already in the store or repeated in the file are errors.
  /// The import is one transaction: any bad row throws `CairnError.invalidFile` naming the file and the row (the
  /// header is row 1) and nothing is written. Returns the number of rows imported.
  @discardableResult
  public func importCSV(url: URL) throws(CairnError) -> Int {
    let file = try TableFile(url: url)
    let pending = try Self.results(in: file, createdAt: Date())
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

  /// The validated results of a `ResultsCSV` file with their row numbers; throws naming the file and the row.
  static func results(in file: TableFile, createdAt: Date) throws(CairnError) -> [(
    row: Int, result: StoredResult
  )] {
    let records = try ResultsCSV.records(in: file)
    guard let header = records.first?.fields else {
      throw .invalidFile(path: file.path, problem: "empty file; expected a CSV header in row 1")
    }
    let required = Array(ResultsCSV.columns.dropLast())
    guard header == required || header == ResultsCSV.columns else {
      throw .invalidFile(
        path: file.path,
        problem: "row 1: header is '\(header.joined(separator: ","))'; expected "
          + "'\(required.joined(separator: ","))' optionally followed by ',epochs'")
    }
    var results: [(row: Int, result: StoredResult)] = []
    for record in records.dropFirst() {
      do throws(CairnError) {
        results.append(
          (record.row, try result(record.fields, columns: header.count, createdAt: createdAt)))
      } catch {
        throw .invalidFile(path: file.path, problem: "row \(record.row): \(error.description)")
      }
    }
    return results
  }

  /// The validated result of one row's fields.
  private static func result(_ fields: [String], columns: Int, createdAt: Date) throws(CairnError)
    -> StoredResult
  {
    guard fields.count == columns else {
      throw .invalidInput("expected \(columns) fields, found \(fields.count)")
    }
    guard let seed = ResultsCSV.integer(fields[4]) else {
      throw .invalidInput("seed '\(shown(fields[4]))' is not a whole number")
    }
    let accuracy: Double
    switch ResultsCSV.number(fields[5]) {
    case .value(let value): accuracy = value
    case .notANumber: throw .invalidInput("accuracy is NaN")
    case .infinite, .malformed:
      throw .invalidInput("accuracy '\(shown(fields[5]))' is not a finite number")
    }
    var epochs: Int?
    if columns == 7 && !fields[6].isEmpty {
      guard let value = ResultsCSV.integer(fields[6]) else {
        throw .invalidInput("epochs '\(shown(fields[6]))' is not a whole number")
      }
      epochs = value
    }
    let result = StoredResult(
      space: fields[0], architecture: fields[1], dataset: fields[2], configHash: fields[3],
      seed: seed, testAccuracy: accuracy, epochs: epochs, createdAt: createdAt)
    try result.validate()
    return result
  }

  /// A field cut to a length fit for a one-line error message.
  private static func shown(_ field: String) -> String {
    field.count <= 80 ? field : String(field.prefix(80)) + "…"
  }
}

import CairnCore
import Foundation

/// The CSV form of stand-alone results that `ResultsStore.importCSV` reads and `exportCSV` writes.
///
/// ```
/// space,arch,dataset,config_hash,seed,accuracy,epochs
/// nb201,|nor_conv_3x3~0|+|…|,cifar10,1f0c3e9a7b2d4c55,0,91.25,200
/// darts,"Genotype(normal=[('sep_conv_3x3', 0), …], …)",cifar10,1f0c3e9a7b2d4c55,0,97.1,600
/// ```
///
/// One result per line, in the header's column order; `epochs` is optional (the column, or its value). Fields are
/// RFC 4180: a field holding a comma or a double quote is written in double quotes, with each double quote inside
/// doubled, so DARTS genotypes (which hold commas) survive a round trip. Accuracy is test accuracy in percent,
/// written as the shortest decimal that reads back to the same double, so export → import → export is
/// byte-identical. Line breaks are never part of a field.
enum ResultsCSV {
  /// The columns, in order; the last is optional.
  static let columns = ["space", "arch", "dataset", "config_hash", "seed", "accuracy", "epochs"]

  /// One row read from a file: its 1-based line number (the header is row 1) and its fields, unquoted.
  struct Record {
    var row: Int
    var fields: [String]
  }

  // MARK: Writing

  /// The header line and one line per result, in the order given, each ending in a newline.
  static func text(of results: [StoredResult]) -> String {
    var text = columns.joined(separator: ",") + "\n"
    for result in results {
      let fields = [
        result.space, result.architecture, result.dataset, result.configHash, String(result.seed),
        "\(result.testAccuracy)", result.epochs.map(String.init) ?? "",
      ]
      text += fields.map(quoted).joined(separator: ",") + "\n"
    }
    return text
  }

  /// `field` as it is written: in double quotes (inner quotes doubled) when it holds a comma or a double quote.
  static func quoted(_ field: String) -> String {
    guard field.contains(where: { $0 == "," || $0 == "\"" }) else { return field }
    return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  // MARK: Reading

  /// The rows of `file`: every line but blank lines at the very end (a UTF-8 byte-order mark and `\r` before `\n`
  /// are dropped). Throws `CairnError.invalidFile` naming the row of a malformed quoted field.
  static func records(in file: TableFile) throws(CairnError) -> [Record] {
    var text = String(decoding: file.bytes.dropLast(), as: UTF8.self)
    if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
      $0.hasSuffix("\r") ? $0.dropLast() : $0
    }
    while let last = lines.last, last.isEmpty { lines.removeLast() }
    var records: [Record] = []
    records.reserveCapacity(lines.count)
    for (offset, line) in lines.enumerated() {
      guard let fields = fields(of: line) else {
        throw .invalidFile(
          path: file.path,
          problem:
            "row \(offset + 1): a quoted field is not closed, or text follows its closing quote")
      }
      records.append(Record(row: offset + 1, fields: fields))
    }
    return records
  }

  /// The fields of one line, unquoted; nil when a quoted field is malformed.
  static func fields(of line: Substring) -> [String]? {
    var fields: [String] = []
    var field = ""
    var characters = line.makeIterator()
    var atFieldStart = true
    var inQuotes = false
    var closedQuote = false
    while let character = characters.next() {
      if inQuotes {
        if character == "\"" {
          inQuotes = false
          closedQuote = true
        } else {
          field.append(character)
        }
        continue
      }
      switch character {
      case ",":
        fields.append(field)
        field = ""
        atFieldStart = true
        closedQuote = false
        continue
      case "\"" where atFieldStart:
        inQuotes = true
      case "\"" where closedQuote:
        // A doubled quote inside a quoted field.
        field.append("\"")
        inQuotes = true
        closedQuote = false
      default:
        guard !closedQuote, character != "\"" else { return nil }
        field.append(character)
      }
      atFieldStart = false
    }
    guard !inQuotes else { return nil }
    fields.append(field)
    return fields
  }

  /// `text` read as a decimal number, exactly as the table loaders read numbers.
  static func number(_ text: String) -> ParsedNumber {
    var bytes = Array(text.utf8)
    let count = bytes.count
    bytes.append(0)
    return bytes.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return .malformed }
      return DecimalParser.parse(base, count: count)
    }
  }

  /// `text` read as a whole number (decimal digits, optionally a leading minus), or nil.
  static func integer(_ text: String) -> Int? {
    let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
    guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy({ $0 >= "0" && $0 <= "9" }) else {
      return nil
    }
    return Int(text)
  }
}

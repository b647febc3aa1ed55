import CairnBenchmarks
import CairnCore
import Foundation

/// A super-net's scores of architectures, read from CSV and matched to a ground truth.
///
/// The header names the columns: `arch` (the native string; for a table truth also an NB201 index or an NB101
/// hash) and `score` (higher is better) are required; `loss` (lower is better) is optional and breaks score ties
/// in the landmark authors' S-KdT. Every row must name a distinct architecture the truth knows, with a finite score.
struct ScoreFile {
  var scores: [Double] = []
  /// The ground truth of each row's architecture.
  var truth: [Double] = []
  var losses: [Double]?

  init(url: URL, truth groundTruth: GroundTruth) throws(CairnError) {
    let path = url.path
    let text = try InputFile.text(url, limit: InputFile.tableLimit, what: "scores")
    let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
      .map { $0.trimmingCharacters(in: .whitespaces) }
    guard let header = lines.first, !header.isEmpty else {
      throw .invalidFile(path: path, problem: "file is empty")
    }
    let columns = header.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    guard let archColumn = columns.firstIndex(of: "arch"),
      let scoreColumn = columns.firstIndex(of: "score")
    else {
      throw .invalidFile(
        path: path, problem: "row 1: the header must name the columns 'arch' and 'score'")
    }
    let lossColumn = columns.firstIndex(of: "loss")
    var losses: [Double] = []
    var seen: [String: Int] = [:]
    for (offset, line) in lines.enumerated().dropFirst() where !line.isEmpty {
      let rowNumber = offset + 1
      let fields = line.split(separator: ",", omittingEmptySubsequences: false).map {
        $0.trimmingCharacters(in: .whitespaces)
      }
      guard fields.count == columns.count else {
        throw .invalidFile(
          path: path,
          problem: "row \(rowNumber): \(fields.count) fields, the header has \(columns.count)")
      }
      let arch = fields[archColumn]
      let match: GroundTruth.Match
      do {
        match = try groundTruth.match(argument: arch)
      } catch {
        throw .invalidFile(path: path, problem: "row \(rowNumber): \(error.description)")
      }
      if let previous = seen[match.identity] {
        throw .invalidFile(
          path: path,
          problem: "row \(rowNumber): architecture '\(arch)' already appears in row \(previous)")
      }
      seen[match.identity] = rowNumber
      guard let score = Double(fields[scoreColumn]), score.isFinite else {
        throw .invalidFile(
          path: path,
          problem: "row \(rowNumber): score '\(fields[scoreColumn])' is not a finite number")
      }
      if let lossColumn {
        guard let loss = Double(fields[lossColumn]), loss.isFinite else {
          throw .invalidFile(
            path: path,
            problem: "row \(rowNumber): loss '\(fields[lossColumn])' is not a finite number")
        }
        losses.append(loss)
      }
      truth.append(match.value)
      scores.append(score)
    }
    guard scores.count >= 2 else {
      throw .invalidFile(
        path: path, problem: "needs at least 2 scored architectures, found \(scores.count)")
    }
    self.losses = lossColumn == nil ? nil : losses
  }
}

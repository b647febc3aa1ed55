import Foundation
import Testing

@Suite struct RankAndBenchTests {
  let a =
    "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|"
  let b =
    "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|"

  func scores(_ text: String) throws -> String {
    let url = try temporaryDirectory().appendingPathComponent("scores.csv")
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
  }

  func expectBadInput(_ arguments: [String], mentions: [String]) throws {
    let result = try cairn(arguments)
    #expect(result.status == 2, "\(arguments): \(result.error)")
    #expect(result.error.split(separator: "\n").count == 1, "\(result.error)")
    for text in mentions { #expect(result.error.contains(text), "\(result.error)") }
  }

  @Test func rankPrintsEveryFigureAsJSON() throws {
    let file = try scores("arch,score\n\(a),0.9\n\(b),0.5\n1,0.7\n")
    let result = try cairn([
      "rank", file, "--truth", "nb201:cifar10_test_acc_200ep", "--bootstrap", "20", "--top-k", "2",
      "--json",
    ])
    #expect(result.status == 0, "\(result.error)")
    let json = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
    #expect(json?["count"] as? Int == 3)
  }

  @Test func malformedRowDuplicateNaNAndOutsideTheSpace() throws {
    let truth = ["--truth", "nb201:cifar10_test_acc_200ep"]
    try expectBadInput(
      ["rank", try scores("arch,score\n\(a),0.9,7\n\(b),0.5\n")] + truth,
      mentions: ["row 2", "3 fields"])
    try expectBadInput(
      ["rank", try scores("arch,score\n\(a),0.9\n\(a),0.5\n")] + truth,
      mentions: ["row 3", "already"])
    try expectBadInput(
      ["rank", try scores("arch,score\n\(a),nan\n\(b),0.5\n")] + truth, mentions: ["row 2", "nan"])
    try expectBadInput(
      ["rank", try scores("arch,score\n\(a),0.9\n99999,0.5\n")] + truth,
      mentions: ["row 3", "99999"])
    try expectBadInput(
      [
        "rank",
        try scores(
          "arch,score\n\(a),0.9\n|nor_conv_5x5~0|+|none~0|none~1|+|none~0|none~1|none~2|,0.5\n"),
      ]
        + truth, mentions: ["row 3", "nor_conv_5x5"])
  }

  @Test func truthListsTheValidFormsAndSuggestsAMetric() throws {
    let file = try scores("arch,score\n\(a),0.9\n\(b),0.5\n")
    try expectBadInput(
      ["rank", file, "--truth", "nb201"],
      mentions: ["'nb201' is not of the form space:metric", "nb201:<metric> or nb101:<metric>"])
    try expectBadInput(
      ["rank", file, "--truth", "nb301:x"], mentions: ["unknown space 'nb301'", "nb101:<metric>"])
    try expectBadInput(
      ["rank", file, "--truth", "nb201:cifar10_test_acc_200"],
      mentions: ["did you mean 'cifar10_test_acc_200ep'"])
  }

  @Test func unknownMetricSuggestsTheNearest() throws {
    try expectBadInput(
      ["bench", "query", "--space", "nb201", "--arch", "0", "--metric", "cifar10_test_acc_200"],
      mentions: ["cifar10_test_acc_200", "did you mean 'cifar10_test_acc_200ep'"])
  }

  @Test func queryAndTop() throws {
    let query = try cairn([
      "bench", "query", "--space", "nb201", "--arch", "0", "--metric", "cifar10_test_acc_200ep",
    ])
    #expect(query.output.contains("85.86333333333334"))
    let top = try cairn([
      "bench", "top", "--space", "nb201", "--metric", "cifar10valid_val_acc_12ep", "-k", "1",
    ])
    #expect(top.output.contains("#13714"))
  }

  @Test func importIntoTheResultsStore() throws {
    let directory = try temporaryDirectory()
    let csv = directory.appendingPathComponent("results.csv")
    try
      "space,arch,dataset,config_hash,seed,accuracy\nnb201,\(a),cifar10,p1,0,93.5\nnb201,\(a),cifar10,p1,1,92.5\n"
      .write(to: csv, atomically: true, encoding: .utf8)
    let store = directory.appendingPathComponent("store/results.sqlite").path
    let imported = try cairn(["bench", "import", csv.path, "--store", store])
    #expect(imported.status == 0, "\(imported.error)")
    #expect(imported.output.contains("imported 2"))
    let bad = directory.appendingPathComponent("bad.csv")
    try "space,arch,dataset,config_hash,seed,accuracy\nnb201,\(a),cifar10,p1,2,101\n"
      .write(to: bad, atomically: true, encoding: .utf8)
    try expectBadInput(["bench", "import", bad.path, "--store", store], mentions: ["bad.csv"])
  }
}

@Suite struct TrainRecordTests {
  @Test func trainRecordsItsResultInTheStore() throws {
    let directory = try temporaryDirectory()
    let store = directory.appendingPathComponent("results.sqlite").path
    let result = try cairn([
      "train", "--arch", "6111", "--channels", "4", "--cells", "1", "--epochs", "1", "--batch-size",
      "16",
      "--limit", "32", "--run-dir", directory.appendingPathComponent("run").path, "--record",
      "--store", store,
    ])
    #expect(result.status == 0, "\(result.error)")
    #expect(result.output.contains("recorded in \(store)"))
    #expect(FileManager.default.fileExists(atPath: store))
  }
}

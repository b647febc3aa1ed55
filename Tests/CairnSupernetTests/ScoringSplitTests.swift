import CairnCore
import CairnData
import CairnTraining
import Foundation
import Testing

@testable import CairnSupernet

/// `evaluation.split` decides which images architectures are scored on.
@Suite struct ScoringSplitTests {
  func scoringBatches(_ split: ScoringSplit) throws -> (batches: [Batch], data: SupernetData) {
    var c = tinySupernetConfiguration(landmarks: false)
    c.evaluation.split = split
    c.evaluation.scoringBatches = nil
    let run = try SupernetRun<NB201Supernet>(
      configuration: c,
      directory: RunDirectory(NSTemporaryDirectory() + "cairn-never-\(UUID())"))
    let data = try run.loadData()
    return (try run.makeScoringBatches(data), data)
  }

  @Test func validationScoresTheHeldOutTrainingImagesAndTestTheTestSet() throws {
    let (validation, data) = try scoringBatches(.validation)
    let held = data.split.validation.map { data.splits.train.labels[data.all[$0]] }
    #expect(validation.flatMap(\.labels) == held)

    let (test, _) = try scoringBatches(.test)
    // limit 64: the first 64 / 4 test images, as stand-alone training tests on.
    #expect(test.flatMap(\.labels) == Array(data.splits.test.labels.prefix(16)))
  }

  @Test func theSplitIsAValidatedChoice() throws {
    let text = "truth: nb201:cifar10_test_acc_200ep\nevaluation: {split: training}\n"
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("split-\(UUID()).yaml")
    try text.write(to: url, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: url) }
    #expect {
      _ = try SupernetConfiguration.load(from: url)
    } throws: { error in
      "\(error)".contains("validation") && "\(error)".contains("test")
    }
  }
}

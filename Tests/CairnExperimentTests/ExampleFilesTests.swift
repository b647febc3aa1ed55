import CairnCore
import CairnSupernet
import CairnTraining
import Foundation
import Testing

@testable import CairnExperiment

/// Every file in examples/ reads as what it is — an experiment, a study, a benchmark plan, a staged or a plain
/// super-net configuration — so a documented command never fails on its own file (ground truth and data are
/// checked when the command runs).
@Suite struct ExampleFilesTests {
  static let examples = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("examples")

  static var files: [URL] {
    ((try? FileManager.default.contentsOfDirectory(
      at: examples, includingPropertiesForKeys: nil)) ?? [])
      .filter { $0.pathExtension == "yaml" }.sorted { $0.path < $1.path }
  }

  @Test func theExamplesDirectoryHasFiles() { #expect(Self.files.count >= 10) }

  @Test(arguments: files)
  func exampleReads(file: URL) throws {
    let text = try String(contentsOf: file, encoding: .utf8)
    let keys = try ConfigurationFile.mapping(text, path: file.path).keys
    // A search configuration: CairnSearch's tests read it.
    if keys.contains("supernet_run") { return }
    if keys.contains("heuristics") {
      _ = try StudyPlan.parse(text, path: file.path)
    } else if keys.contains("arms") {
      _ = try ExperimentPlan.parse(text, path: file.path)
    } else if keys.contains("architectures") {
      _ = try BenchmarkPlan.parse(text, path: file.path)
    } else if keys.contains("stages") {
      #expect(try SupernetPipeline.parse(text, path: file.path) != nil)
    } else {
      _ = try SupernetConfiguration.load(from: file)
    }
  }
}

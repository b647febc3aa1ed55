import CairnCore
import CairnEngine
import CairnTraining
import Foundation
import Testing

@testable import CairnSupernet

@Suite struct ConfigurationFileTests {
  func load(_ yaml: String) throws(CairnError) -> SupernetConfiguration {
    try ConfigurationFile.decode(
      SupernetConfiguration.self, from: yaml, path: "run.yaml", defaults: SupernetConfiguration(),
      schema: .keySchema)
  }

  @Test func partialFileKeepsDefaultsForTheRest() throws {
    let c = try load(
      """
      name: quick
      dataset: fashion-mnist
      training:
        epochs: 3
        learning_rate: 0.05
      truth: nb201:cifar10_test_acc_200ep
      landmarks:
        enabled: true
      """)
    #expect(c.name == "quick")
    #expect(c.dataset == .fashionMNIST)
    #expect(c.training.epochs == 3)
    #expect(c.training.learningRate == 0.05)
    #expect(c.training.batchSize == 256)
    #expect(c.landmarks.enabled)
    #expect(c.landmarks.count == 30)
    #expect(c.supernet.channels == 16)
  }

  @Test func emptyFileGivesTheDefaults() throws {
    #expect(try load("") == SupernetConfiguration())
  }

  @Test func unknownKeysAreNamedWithTheNearestValidKey() {
    #expect(
      throws: CairnError.invalidFile(
        path: "run.yaml", problem: "unknown key 'trainig'; did you mean 'training'?")
    ) {
      try load("trainig:\n  epochs: 3\n")
    }
    #expect(
      throws: CairnError.invalidFile(
        path: "run.yaml",
        problem: "unknown key 'landmarks.wieght'; did you mean 'landmarks.weight'?")
    ) {
      try load("landmarks:\n  wieght: 3\n")
    }
    #expect(throws: CairnError.invalidFile(path: "run.yaml", problem: "unknown key 'colour'")) {
      try load("colour: blue\n")
    }
  }

  @Test func wrongTypesAndShapesAreNamed() {
    #expect(
      throws: CairnError.invalidFile(
        path: "run.yaml", problem: "key 'training.epochs' must be an integer")
    ) {
      try load("training:\n  epochs: many\n")
    }
    #expect(throws: CairnError.self) { try load("training: 5\n") }
    #expect(throws: CairnError.self) { try load("- a\n- b\n") }
    #expect(throws: CairnError.self) { try load("dataset: mnist-digits\n") }
    #expect(throws: CairnError.self) { try load("name: [unclosed\n") }
  }

  @Test func precisionIsReadAndCheckedAgainstTheCPU() throws {
    #expect(try load("precision: fp32\n").precision == .float32)
    #expect(try load("precision: bf16\n").precision == .bfloat16)
    #expect(throws: CairnError.self) { try load("precision: fp16\n") }
    var configuration = try load("precision: bf16\ntruth: nb201:cifar10_test_acc_200ep\n")
    if Engine.supportsBFloat16 {
      #expect(throws: Never.self) { try configuration.validate() }
    } else {
      #expect(throws: CairnError.self) { try configuration.validate() }
    }
    configuration.precision = .float32
    #expect(throws: Never.self) { try configuration.validate() }
  }
}

@Suite struct SavedConfigurationTests {
  @Test func configurationsWrittenBeforeNewKeysStillLoad() throws {
    var configuration = SupernetConfiguration()
    configuration.truth = "nb201:cifar10_test_acc_200ep"
    configuration.landmarks.count = 12
    var object =
      try JSONSerialization.jsonObject(with: JSONEncoder().encode(configuration)) as! [String: Any]
    object["gdas"] = nil
    object["precision"] = nil
    var landmarks = object["landmarks"] as! [String: Any]
    landmarks["iterations"] = nil
    landmarks["source"] = nil
    object["landmarks"] = landmarks
    var evaluation = object["evaluation"] as! [String: Any]
    evaluation["split"] = nil
    object["evaluation"] = evaluation
    let old = try JSONSerialization.data(withJSONObject: object)
    let loaded = try JSONDecoder().decode(SupernetConfiguration.self, from: old)
    #expect(loaded == configuration)
    // A present value of the wrong type is still an error.
    landmarks["iterations"] = "three"
    object["landmarks"] = landmarks
    #expect(throws: DecodingError.self) {
      try JSONDecoder().decode(
        SupernetConfiguration.self, from: try JSONSerialization.data(withJSONObject: object))
    }
  }
}

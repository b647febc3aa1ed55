import CairnCore
import CairnTraining
import Foundation
import Testing
import Yams

@Suite struct StandaloneConfigurationKeysTests {
  @Test func theKeySchemaListsEveryStoredProperty() throws {
    let properties = Mirror(reflecting: StandaloneConfiguration(architecture: "")).children
      .compactMap(\.label)
    let encoded =
      try JSONSerialization.jsonObject(
        with: JSONEncoder().encode(StandaloneConfiguration.keySchema)) as? [String: Any]
    #expect(Set(encoded?.keys.map { $0 } ?? []) == Set(properties))
    #expect(!StandaloneConfiguration.protocolKeys.contains("architecture"))
    #expect(!StandaloneConfiguration.protocolKeys.contains("seed"))
    #expect(StandaloneConfiguration.protocolKeys.contains("pad_fashion_mnist"))
  }

  @Test func everyKeyOfAFileDecodesIncludingAcronyms() throws {
    let text = """
      architecture: x
      dataset: fashion-mnist
      pad_fashion_mnist: true
      cells_per_stage: 2
      learning_rate: 0.05
      augmentation: flip
      """
    let configuration = try ConfigurationFile.decode(
      StandaloneConfiguration.self, from: text, path: "c.yaml",
      defaults: StandaloneConfiguration(architecture: ""), schema: StandaloneConfiguration.keySchema
    )
    #expect(configuration.padFashionMNIST)
    #expect(configuration.cellsPerStage == 2)
    #expect(configuration.learningRate == 0.05)
    #expect(configuration.augmentation == .flip)
  }

  @Test func theStandardAugmentationHashesAsIfUnset() {
    var explicit = StandaloneConfiguration(architecture: "a")
    explicit.augmentation = .cropFlip
    let unset = StandaloneConfiguration(architecture: "b")
    #expect(explicit.protocolHash != unset.protocolHash)
    #expect(explicit.normalized.protocolHash == unset.protocolHash)
  }

  @Test func theRecordedYAMLReadsBackAGenotypeAndAPathWithQuotes() throws {
    let genotype =
      "Genotype(normal=[('sep_conv_3x3', 0), ('skip_connect', 1)], normal_concat=[2], "
      + "reduce=[('max_pool_3x3', 0), ('dil_conv_5x5', 1)], reduce_concat=[2])"
    var configuration = StandaloneConfiguration(architecture: genotype)
    configuration.dataDirectory = "/data/o'brien"
    let parsed = try Yams.load(yaml: configuration.yaml) as? [String: Any]
    #expect(parsed?["architecture"] as? String == genotype)
    #expect(parsed?["data_directory"] as? String == "/data/o'brien")
  }
}

import CairnCore
import CairnTraining
import Foundation
import Testing

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
}

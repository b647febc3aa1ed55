import CairnCore
import Testing

@testable import CairnTraining

/// Results in the store are grouped by protocol hash: a hash that changes orphans every recorded result.
@Suite struct ProtocolHashTests {
  /// Default NB201 and NB101 configurations hash as they did before the DARTS-only options existed (options left
  /// unset are not encoded).
  @Test func defaultProtocolHashesAreUnchanged() {
    var configuration = StandaloneConfiguration(
      architecture:
        "|nor_conv_3x3~0|+|nor_conv_1x1~0|avg_pool_3x3~1|+|skip_connect~0|none~1|nor_conv_3x3~2|")
    #expect(configuration.protocolHash == "e70ed09381c70027")
    configuration.space = .nb101
    configuration.cellsPerStage = 3
    configuration.channels = 128
    #expect(configuration.protocolHash == "dcbdceadcd903d98")
  }

  /// fp32, written or not, keeps the hash; bf16 is another protocol.
  @Test func precisionEntersTheHashOnlyWhenBF16() {
    let arch =
      "|nor_conv_3x3~0|+|nor_conv_1x1~0|avg_pool_3x3~1|+|skip_connect~0|none~1|nor_conv_3x3~2|"
    var configuration = StandaloneConfiguration(architecture: arch)
    configuration.precision = .float32
    #expect(configuration.normalized.protocolHash == "e70ed09381c70027")
    configuration.precision = .bfloat16
    #expect(configuration.normalized.protocolHash != "e70ed09381c70027")
    #expect(configuration.yaml.contains("precision: bf16"))
  }
}

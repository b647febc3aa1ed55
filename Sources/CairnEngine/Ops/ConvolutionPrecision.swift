import CDNNL
import CairnCore

/// The number format convolutions compute in.
///
/// With `bfloat16`, a convolution's operands (activations, weights, output gradients) are rounded to bf16 for the
/// kernel while everything else stays f32: the outputs and gradients it writes, the master weights the optimizer
/// updates, batch-norm statistics and every other op. oneDNN picks bf16 kernels where the CPU has AVX512_BF16 or
/// AMX (`Engine.supportsBFloat16`).
public enum ConvolutionPrecision: String, Codable, CaseIterable, Sendable {
  /// Single precision throughout.
  case float32 = "fp32"
  /// bf16 convolution operands, f32 accumulation, outputs and master weights.
  case bfloat16 = "bf16"

  /// Throws when this precision needs kernels the CPU lacks (bf16 without AVX512_BF16 or AMX).
  public func checkSupported() throws(CairnError) {
    guard self == .bfloat16, !Engine.supportsBFloat16 else { return }
    throw .invalidInput(
      "precision: bf16 needs a CPU with AVX512_BF16 or AMX; oneDNN runs \(Engine.instructionSet) kernels here (see cairn doctor), so use fp32"
    )
  }

  /// The precision convolutions use in the current task (`float32` unless inside `withConvolutionPrecision`).
  public static var current: ConvolutionPrecision { ConvolutionPrecisionScope.current }
}

enum ConvolutionPrecisionScope {
  @TaskLocal static var current = ConvolutionPrecision.float32
}

/// Runs `body` with convolutions computing in `precision`.
public func withConvolutionPrecision<R, Failure: Error>(
  _ precision: ConvolutionPrecision, _ body: () throws(Failure) -> R
) throws(Failure) -> R {
  let result: Result<R, Failure> = ConvolutionPrecisionScope.$current.withValue(precision) {
    do throws(Failure) { return .success(try body()) } catch { return .failure(error) }
  }
  return try result.get()
}

extension Engine {
  /// Whether oneDNN has native bf16 kernels on this CPU (AVX512_BF16 or AMX), so that `precision: bf16` pays.
  /// Fixed for the process, as oneDNN's ISA choice is (like `channelBlock`).
  public static let supportsBFloat16: Bool = {
    let bf16 = dnnl_cpu_isa_avx512_core_bf16.rawValue
    return dnnl_get_effective_cpu_isa().rawValue & bf16 == bf16
  }()
}

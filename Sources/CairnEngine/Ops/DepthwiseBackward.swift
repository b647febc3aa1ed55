import CDNNL
import Foundation

/// The backward passes of a depthwise convolution (groups = C = O, weight [C, 1, k, k]) computed by Cairn, for the
/// geometries oneDNN 2.6 serves with reference kernels only: dilated depthwise convolutions (backward data and
/// weights) and 5×5 ones (backward weights), 30 to 50 times slower than its JIT kernels.
///
/// Activations are channel-blocked (`nChw8c` or `nChw16c`; other layouts are converted to `nChw8c`), and every
/// loop runs over one block of 8 or 16 channels as a SIMD vector; padded channels have zero weights, so they stay
/// zero. With y[n, c, i, j] = Σ_{u,v} w[c, u, v] · x[n, c, i·s − p + u·d, j·s − p + v·d]:
/// - data: dx[n, c, r, q] = Σ over (i, j, u, v) that read (r, q) of w[c, u, v] · g[n, c, i, j];
/// - weights: dw[c, u, v] = Σ_{n, i, j} g[n, c, i, j] · x[n, c, i·s − p + u·d, j·s − p + v·d].
/// Cost: N · C · OH · OW · k² multiply-adds each, split over `Engine.threadCount` threads.
enum DepthwiseBackward {
  /// Whether `plan` is a depthwise convolution without bias, which these kernels can run.
  static func applies(to plan: ConvolutionPlan) -> Bool {
    let g = plan.geometry.groups
    return g > 1 && !plan.hasBias && plan.source[1] == g && plan.weight[0] == g
      && plan.weight[1] == 1
  }

  /// dx in x's blocked layout, from g [N, C, OH, OW] and the plain weight [C, 1, k, k].
  static func data(gradOutput g: Tensor, weight: Tensor, plan: ConvolutionPlan) -> Tensor {
    let block = blockWidth(plan)
    let source = MemoryDescriptor.blocked(plan.source, channelBlock: block)
    let gradOutput = g.converted(
      to: .blocked(plan.output, channelBlock: block), shape: plan.output)
    let gradInput = Tensor(descriptor: source, shape: plan.source)
    let weights = blockedWeights(weight, block: block)
    Profiler.measure("convolution|cairn:depthwise|backward data \(plan.key)") {
      let shape = Shape(plan, block: block)
      withExtendedLifetime(gradOutput) {
        if block == 16 {
          dataKernel(
            SIMD16<Float>.self, shape, gradOutput.storage.floats, weights, gradInput.storage.floats)
        } else {
          dataKernel(
            SIMD8<Float>.self, shape, gradOutput.storage.floats, weights, gradInput.storage.floats)
        }
      }
    }
    return gradInput
  }

  /// dw, plain [C, 1, k, k], from x [N, C, H, W] and g [N, C, OH, OW].
  static func weights(source x: Tensor, gradOutput g: Tensor, plan: ConvolutionPlan) -> Tensor {
    let block = blockWidth(plan)
    let source = x.converted(to: .blocked(plan.source, channelBlock: block), shape: plan.source)
    let gradOutput = g.converted(
      to: .blocked(plan.output, channelBlock: block), shape: plan.output)
    let shape = Shape(plan, block: block)
    var sums = [Float](repeating: 0, count: shape.blocks * shape.taps * block)
    Profiler.measure("convolution|cairn:depthwise|backward weights \(plan.key)") {
      withExtendedLifetime((source, gradOutput)) {
        if block == 16 {
          sums = weightsKernel(
            SIMD16<Float>.self, shape, source.storage.floats, gradOutput.storage.floats)
        } else {
          sums = weightsKernel(
            SIMD8<Float>.self, shape, source.storage.floats, gradOutput.storage.floats)
        }
      }
    }
    let channels = plan.weight[0]
    var values = [Float](repeating: 0, count: channels * shape.taps)
    for c in 0..<channels {
      for tap in 0..<shape.taps {
        values[c * shape.taps + tap] = sums[((c / block) * shape.taps + tap) * block + c % block]
      }
    }
    return Tensor(shape: plan.weight, values: values)
  }

  /// 16 when the forward pass runs on `nChw16c`, else 8.
  private static func blockWidth(_ plan: ConvolutionPlan) -> Int {
    plan.forward(training: true).descriptor(for: DNNL_ARG_SRC).planeChannelBlock == 16 ? 16 : 8
  }

  /// The weight [C, 1, k, k] as [⌈C/b⌉][k·k][b], zero in the padded channels.
  private static func blockedWeights(_ weight: Tensor, block: Int) -> [Float] {
    let (channels, taps) = (weight.shape[0], weight.shape[2] * weight.shape[3])
    let blocks = (channels + block - 1) / block
    var result = [Float](repeating: 0, count: blocks * taps * block)
    weight.withValues { w in
      for c in 0..<channels {
        for tap in 0..<taps {
          result[((c / block) * taps + tap) * block + c % block] = w[c * taps + tap]
        }
      }
    }
    return result
  }

  /// Sizes of one depthwise convolution in blocked terms.
  struct Shape {
    let batch: Int
    let blocks: Int
    let height: Int
    let width: Int
    let outputHeight: Int
    let outputWidth: Int
    let kernel: Int
    let stride: Int
    let padding: Int
    let dilation: Int
    var taps: Int { kernel * kernel }
    var planes: Int { batch * blocks }

    init(_ plan: ConvolutionPlan, block: Int) {
      batch = plan.source[0]
      blocks = (plan.source[1] + block - 1) / block
      (height, width) = (plan.source[2], plan.source[3])
      (outputHeight, outputWidth) = (plan.output[2], plan.output[3])
      kernel = plan.weight[2]
      stride = plan.geometry.stride
      padding = plan.geometry.padding
      dilation = plan.geometry.dilation
    }

    /// The output positions i < `outputs` whose input position i·s − p + u·d, for kernel tap `u`, lies in
    /// 0..<`size`.
    func outputs(tap u: Int, size: Int, outputs: Int) -> Range<Int> {
      let offset = u * dilation - padding
      let low = max(0, offset >= 0 ? 0 : (-offset + stride - 1) / stride)
      let last = size - 1 - offset
      let high = last < 0 ? 0 : min(outputs, last / stride + 1)
      return low < high ? low..<high : 0..<0
    }
  }
}

extension ConvolutionPlan {
  /// Whether `DepthwiseBackward.data` runs the backward-data pass (oneDNN has only a reference kernel for it).
  var runsDepthwiseBackwardData: Bool {
    DepthwiseBackward.applies(to: self) && backwardData().implementation.hasPrefix("ref")
  }

  /// Whether `DepthwiseBackward.weights` runs the backward-weights pass (oneDNN has only a reference kernel).
  var runsDepthwiseBackwardWeights: Bool {
    DepthwiseBackward.applies(to: self) && backwardWeights().implementation.hasPrefix("ref")
  }
}

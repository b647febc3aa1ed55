import CDNNL
import CairnCore
import Testing

@testable import CairnEngine

/// bf16 convolutions: f32 results within bf16's rounding of the f32 ones, bf16 kernels where the CPU has them,
/// f32 master weights, and training that still learns. On a CPU without native bf16, `precision: bf16` is refused.
@Suite struct ConvolutionPrecisionTests {
  /// Relative error of a against b over the whole tensor: ‖a − b‖ / ‖b‖.
  static func relativeError(_ a: [Float], _ b: [Float]) -> Double {
    let difference = zip(a, b).map { Double($0 - $1) * Double($0 - $1) }.reduce(0, +)
    let norm = b.map { Double($0) * Double($0) }.reduce(0, +)
    return (difference / norm).squareRoot()
  }

  /// Output, input gradient and weight gradient of one 16 → 16 convolution in `precision`.
  static func convolution(_ precision: ConvolutionPrecision, kernel: Int, stride: Int) -> [[Float]]
  {
    withConvolutionPrecision(precision) {
      let x = randomTensor([2, 16, 8, 8], seed: 1)
      let w = randomTensor([16, 16, kernel, kernel], seed: 2, scale: 0.2)
      let y = conv2d(
        x, weight: w, geometry: Conv2DGeometry(stride: stride, padding: kernel / 2))
      let seed = randomTensor(y.shape, seed: 3, requiresGrad: false)
      y.backward(seed: seed)
      return [y.toArray(), x.grad!.toArray(), w.grad!.toArray()]
    }
  }

  @Test(arguments: [(3, 1), (1, 1), (3, 2)])
  func bf16ConvolutionIsWithinRoundingOfF32(kernel: Int, stride: Int) throws {
    try #require(Engine.supportsBFloat16)
    let single = Self.convolution(.float32, kernel: kernel, stride: stride)
    let half = Self.convolution(.bfloat16, kernel: kernel, stride: stride)
    for (name, (a, b)) in zip(["output", "input gradient", "weight gradient"], zip(half, single)) {
      let error = Self.relativeError(a, b)
      // bf16 keeps 8 significant bits: operands round by up to 2^-9 relative, sums of many terms average out
      #expect(error < 1e-2, "\(name): relative error \(error)")
      #expect(error > 0, "\(name): bf16 gave the f32 result exactly, so it did not run in bf16")
    }
  }

  @Test func bf16RunsBF16Kernels() throws {
    try #require(Engine.supportsBFloat16)
    for (input, weight, geometry) in ConvolutionKernelChoiceTests.shapes
    where input[1] % 16 == 0 && weight[0] % 16 == 0 {
      let kernels = ConvolutionKernels(
        input: input, weight: weight, geometry: geometry, precision: .bfloat16)
      #expect(
        kernels.implementations.allSatisfy { $0.contains("bf16") },
        "\(input) * \(weight): \(kernels.implementations)")
    }
  }

  /// The convolutions after one shared ReLU convert it to bf16 once; changing the values drops the copy.
  @Test func oneOperandCopyServesEveryReader() {
    let x = randomTensor([2, 16, 4, 4], seed: 8)
    let target = MemoryDescriptor.blocked(x.shape, channelBlock: 16).with(dataType: dnnl_bf16)
    let first = x.operand(as: target)
    #expect(first !== x)
    #expect(x.operand(as: target) === first)
    x.withMutableValues { $0[0] += 1 }
    #expect(x.operand(as: target) !== first)
  }

  @Test func bf16IsRefusedWithoutNativeKernels() {
    if Engine.supportsBFloat16 {
      #expect(throws: Never.self) { try ConvolutionPrecision.bfloat16.checkSupported() }
    } else {
      #expect(throws: CairnError.self) { try ConvolutionPrecision.bfloat16.checkSupported() }
    }
    #expect(throws: Never.self) { try ConvolutionPrecision.float32.checkSupported() }
  }

  /// A small convolutional classifier trained in bf16 on one fixed batch: the loss falls, and the weights the
  /// optimizer keeps are f32 (steps smaller than bf16's resolution still move them).
  @Test func bf16TrainingLearnsAndKeepsF32MasterWeights() throws {
    try #require(Engine.supportsBFloat16)
    withConvolutionPrecision(.bfloat16) {
      let first = randomTensor([16, 16, 3, 3], seed: 4, scale: 0.1)
      let second = randomTensor([16, 16, 3, 3], seed: 5, scale: 0.1)
      let head = randomTensor([4, 16], seed: 6, scale: 0.1)
      let x = randomTensor([8, 16, 8, 8], seed: 7, requiresGrad: false)
      let labels: [Int32] = [0, 1, 2, 3, 0, 1, 2, 3]
      let parameters = [first, second, head]
      let optimizer = SGD(
        parameters: parameters.enumerated().map { ("p\($0.offset)", $0.element) },
        learningRate: 0.05, momentum: 0.9)
      func loss() -> Tensor {
        let hidden = conv2d(x, weight: first, geometry: Conv2DGeometry(padding: 1)).relu()
        let features = conv2d(hidden, weight: second, geometry: Conv2DGeometry(padding: 1)).relu()
        let pooled = globalAveragePool(features)
        return linear(pooled, weight: head, bias: nil).softmaxCrossEntropy(labels: labels)
      }
      let initial = loss().item
      for _ in 0..<30 {
        optimizer.zeroGrad()
        loss().backward()
        optimizer.step()
      }
      let final = loss().item
      #expect(final < 0.75 * initial, "loss \(initial) -> \(final)")
      // f32 master weights: a bf16 copy would keep only the top 16 bits of every value
      let lowBits = first.toArray().filter { $0.bitPattern & 0xFFFF != 0 }.count
      #expect(
        lowBits > first.elementCount / 2, "\(lowBits) of \(first.elementCount) weights use f32 bits"
      )
    }
  }
}

import CairnCore
import CairnEngine
import CairnSpaces
import CairnTestSupport
import Testing

@testable import CairnNetworks

@Suite struct WidthNetworkTests {
  let space = WidthSpace()

  func images(_ random: inout RandomStream, count: Int = 2, side: Int = 8) -> Tensor {
    Tensor(
      shape: [count, 3, side, side],
      values: (0..<(count * 3 * side * side)).map { _ in Float(random.normal()) })
  }

  /// Rows (axis 0) and columns (axis 1) of a gradient that are not all zero.
  func touched(_ gradient: Tensor) -> (rows: Set<Int>, columns: Set<Int>) {
    let values = gradient.toArray()
    let rows = gradient.shape[0]
    let columns = gradient.shape[1]
    let inner = values.count / (rows * columns)
    var r = Set<Int>()
    var c = Set<Int>()
    for row in 0..<rows {
      for column in 0..<columns {
        let start = (row * columns + column) * inner
        if values[start..<(start + inner)].contains(where: { $0 != 0 }) {
          r.insert(row)
          c.insert(column)
        }
      }
    }
    return (r, c)
  }

  /// A sub-network's gradient lands exactly in the leading filters and input channels it uses.
  @Test func gradientsReachOnlyTheLeadingSlicesUsed() throws {
    var random = RandomStream(seed: 1)
    let network = WidthNetwork(
      shape: .supernet(), batchNorm: .supernet, random: &random)
    let architecture = try space.parse("12-8-16-4-12-16-8-20-32-8-24-4-28-36-8-64-12-40-24")
    let logits = network(images(&random), architecture: architecture)
    #expect(logits.shape == [2, 10])
    (logits * GradientCheck.projection(like: logits)).sum().backward()
    let w = architecture.widths
    let stem = touched(try #require(network.stem.weight.grad))
    #expect(stem.rows == Set(0..<w[0]))
    // Block 2 (layers 4 and 5) reads layer 3's width, block 4 (layers 8 and 9) strides from layer 7's.
    for block in [1, 3, 8] {
      let a = touched(try #require(network.blocks[block].convA.weight.grad))
      #expect(a.rows == Set(0..<w[2 * block + 1]), "block \(block) convA rows")
      #expect(a.columns == Set(0..<w[2 * block]), "block \(block) convA columns")
      let b = touched(try #require(network.blocks[block].convB.weight.grad))
      #expect(b.rows == Set(0..<w[2 * block + 2]), "block \(block) convB rows")
      #expect(b.columns == Set(0..<w[2 * block + 1]), "block \(block) convB columns")
    }
    let scale = try #require(network.blocks[3].bnA.scale?.grad).toArray()
    #expect(scale[w[7]...].allSatisfy { $0 == 0 } && scale[..<w[7]].contains { $0 != 0 })
    let classifier = touched(try #require(network.classifier.weight.grad))
    #expect(classifier.columns == Set(0..<w[18]))
  }

  /// Running an architecture in the super-net equals running a network allocated at exactly its widths whose
  /// every tensor is the leading block of the super-net's: prefix slicing is the whole weight-sharing rule.
  @Test(arguments: [WidthEnhancement.none, .all])
  func supernetPathEqualsANetworkOfItsLeadingWeights(enhancement: WidthEnhancement) throws {
    var random = RandomStream(seed: 2)
    let supernet = WidthNetwork(
      shape: .supernet(), enhancement: enhancement, batchNorm: .supernet, random: &random)
    for _ in 0..<3 {
      let architecture = space.sample(using: &random)
      let exact = WidthNetworkShape(widths: architecture.widths.map(enhancement.runningWidth))
      let small = WidthNetwork(
        shape: exact, enhancement: enhancement, batchNorm: .supernet, random: &random)
      let large = Dictionary(uniqueKeysWithValues: supernet.namedTensors())
      for (name, tensor) in small.namedTensors() {
        tensor.assign(try leadingBlock(of: #require(large[name]), shape: tensor.shape))
      }
      let x = images(&random)
      let expected = small(x, architecture: architecture).toArray()
      let actual = supernet(x, architecture: architecture).toArray()
      let error = zip(expected, actual).map { abs($0 - $1) }.max() ?? 0
      #expect(error < 1e-4, "\(architecture): max |Δ| \(error)")
    }
  }

  /// The leading `shape` block of `tensor` (every axis from 0), as a new plain tensor.
  func leadingBlock(of tensor: Tensor, shape: [Int]) -> Tensor {
    let values = tensor.toArray()
    var strides = [Int](repeating: 1, count: tensor.shape.count)
    for axis in stride(from: tensor.shape.count - 2, through: 0, by: -1) {
      strides[axis] = strides[axis + 1] * tensor.shape[axis + 1]
    }
    let count = shape.reduce(1, *)
    var result = [Float](repeating: 0, count: count)
    for flat in 0..<count {
      var rest = flat
      var source = 0
      for axis in stride(from: shape.count - 1, through: 0, by: -1) {
        source += (rest % shape[axis]) * strides[axis]
        rest /= shape[axis]
      }
      result[flat] = values[source]
    }
    return Tensor(shape: shape, values: result)
  }

  /// Without a projection, the shortcut keeps the leading channels of a wider input and pads a narrower one
  /// with zeros: with the second convolution zeroed, a block outputs ReLU of its adapted input.
  @Test func identityShortcutAdaptsTheInputWidth() {
    var random = RandomStream(seed: 4)
    let block = WidthBasicBlock(
      inputChannels: 16, middleChannels: 16, outputChannels: 16, stride: 1, projects: false,
      prelu: false, batchNorm: .supernet, random: &random)
    block.convB.weight.assign(Tensor(zeros: block.convB.weight.shape))
    let x = Tensor(shape: [2, 8, 4, 4], values: (0..<256).map { _ in Float(random.normal()) })
    let relu = x.toArray().map { max($0, 0) }
    let narrower = block(x, middle: 8, output: 4).toArray()
    #expect(narrower.count == 128)
    for n in 0..<2 {
      let kept = Array(relu[(n * 128)..<(n * 128 + 64)])
      #expect(zip(narrower[(n * 64)..<(n * 64 + 64)], kept).allSatisfy { abs($0 - $1) < 1e-5 })
    }
    let wider = block(x, middle: 8, output: 12).toArray()
    for n in 0..<2 {
      let sample = Array(wider[(n * 192)..<(n * 192 + 192)])
      #expect(
        zip(sample[..<128], relu[(n * 128)..<(n * 128 + 128)]).allSatisfy { abs($0 - $1) < 1e-5 })
      #expect(sample[128...].allSatisfy { $0 == 0 })
    }
  }

  /// Widening runs widths 4 and 8 at 5 and 9 channels; other widths are unchanged.
  @Test func wideningRunsTheNarrowestCandidatesOneChannelWider() throws {
    let widen = WidthEnhancement(widensNarrowest: true)
    #expect([4, 8, 12, 16, 64].map(widen.runningWidth) == [5, 9, 12, 16, 64])
    #expect([4, 8].map(WidthEnhancement.none.runningWidth) == [4, 8])
    var random = RandomStream(seed: 6)
    let network = WidthNetwork(
      shape: .supernet(), enhancement: widen, batchNorm: .supernet, random: &random)
    let logits = network(images(&random), architecture: space.narrowest)
    (logits * GradientCheck.projection(like: logits)).sum().backward()
    #expect(touched(try #require(network.stem.weight.grad)).rows == Set(0..<5))
    #expect(touched(try #require(network.blocks[8].convB.weight.grad)).rows == Set(0..<5))
  }

  /// Projection shortcuts exist in the first block of each stage, or in all with the enhancement, and PReLU
  /// replaces the ReLU after every addition when asked.
  @Test func enhancementShapesTheBlocks() {
    var random = RandomStream(seed: 7)
    let plain = WidthNetwork(shape: .supernet(), random: &random)
    #expect(
      plain.blocks.map { $0.projection != nil } == [
        true, false, false, true, false, false, true, false, false,
      ])
    #expect(plain.blocks.allSatisfy { $0.prelu == nil })
    let enhanced = WidthNetwork(shape: .supernet(), enhancement: .all, random: &random)
    #expect(enhanced.blocks.allSatisfy { $0.projection != nil && $0.prelu != nil })
    #expect(enhanced.blocks[3].projection?.geometry.stride == 2)
    #expect(enhanced.parameterCount > plain.parameterCount)
  }

  /// A stand-alone network holds at least 8 channels per layer (fast kernels) but trains only its widths.
  @Test func standaloneNetworksAllocateAtLeastEightChannels() throws {
    let architecture = space.narrowest
    let shape = WidthNetworkShape.standalone(architecture)
    #expect(shape.widths.allSatisfy { $0 == 8 })
    #expect(WidthNetworkShape.standalone(space.widest).widths == space.maximumWidths)
    var random = RandomStream(seed: 8)
    let network = WidthNetwork(shape: shape, random: &random)
    let logits = network(images(&random), architecture: architecture)
    (logits * GradientCheck.projection(like: logits)).sum().backward()
    #expect(touched(try #require(network.blocks[4].convA.weight.grad)).rows == Set(0..<4))
    #expect(network.fits(architecture) && !network.fits(space.widest))
  }
}

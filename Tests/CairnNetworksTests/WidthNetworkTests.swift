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
    let stem = touched(try #require(network.stem.branches[0].conv.weight.grad))
    #expect(stem.rows == Set(0..<w[0]))
    // Block 2 (layers 4 and 5) reads layer 3's width, block 4 (layers 8 and 9) strides from layer 7's.
    for block in [1, 3, 8] {
      let a = touched(try #require(network.blocks[block].convA.branches[0].conv.weight.grad))
      #expect(a.rows == Set(0..<w[2 * block + 1]), "block \(block) convA rows")
      #expect(a.columns == Set(0..<w[2 * block]), "block \(block) convA columns")
      let b = touched(try #require(network.blocks[block].convB.branches[0].conv.weight.grad))
      #expect(b.rows == Set(0..<w[2 * block + 2]), "block \(block) convB rows")
      #expect(b.columns == Set(0..<w[2 * block + 1]), "block \(block) convB columns")
    }
    let scale = try #require(network.blocks[3].convA.branches[0].norm.scale?.grad).toArray()
    #expect(scale[w[7]...].allSatisfy { $0 == 0 } && scale[..<w[7]].contains { $0 != 0 })
    let classifier = touched(try #require(network.classifier.branches[0].linear.weight.grad))
    #expect(classifier.columns == Set(0..<w[18]))
  }

  /// Running an architecture in the super-net equals running a network allocated at exactly its widths whose
  /// every tensor is the leading block of the super-net's: prefix slicing is the whole weight-sharing rule.
  @Test(arguments: [WidthDesign.none, .enhanced])
  func supernetPathEqualsANetworkOfItsLeadingWeights(design: WidthDesign) throws {
    var random = RandomStream(seed: 2)
    let supernet = WidthNetwork(
      shape: .supernet(), design: design, batchNorm: .supernet, random: &random)
    for _ in 0..<3 {
      let architecture = space.sample(using: &random)
      let exact = WidthNetworkShape(widths: architecture.widths.map(design.runningWidth))
      let small = WidthNetwork(
        shape: exact, design: design, batchNorm: .supernet, random: &random)
      try small.load(growingFrom: Dictionary(uniqueKeysWithValues: supernet.namedTensors()))
      let x = images(&random)
      let expected = small(x, architecture: architecture).toArray()
      let actual = supernet(x, architecture: architecture).toArray()
      let error = zip(expected, actual).map { abs($0 - $1) }.max() ?? 0
      #expect(error < 1e-4, "\(architecture): max |Δ| \(error)")
    }
  }

  /// Without a projection, the shortcut keeps the leading channels of a wider input and pads a narrower one
  /// with zeros: with the second convolution zeroed, a block outputs ReLU of its adapted input.
  @Test func identityShortcutAdaptsTheInputWidth() {
    var random = RandomStream(seed: 4)
    let block = WidthBasicBlock(
      inputChannels: 16, middleChannels: 16, outputChannels: 16, stride: 1, projects: false,
      prelu: false, batchNorm: .supernet, random: &random)
    let convB = block.convB.branches[0].conv
    convB.weight.assign(Tensor(zeros: convB.weight.shape))
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
    let widen = WidthDesign(widensNarrowest: true)
    #expect([4, 8, 12, 16, 64].map(widen.runningWidth) == [5, 9, 12, 16, 64])
    #expect([4, 8].map(WidthDesign.none.runningWidth) == [4, 8])
    var random = RandomStream(seed: 6)
    let network = WidthNetwork(
      shape: .supernet(), design: widen, batchNorm: .supernet, random: &random)
    let logits = network(images(&random), architecture: space.narrowest)
    (logits * GradientCheck.projection(like: logits)).sum().backward()
    #expect(touched(try #require(network.stem.branches[0].conv.weight.grad)).rows == Set(0..<5))
    #expect(
      touched(try #require(network.blocks[8].convB.branches[0].conv.weight.grad)).rows == Set(0..<5)
    )
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
    let enhanced = WidthNetwork(shape: .supernet(), design: .enhanced, random: &random)
    #expect(enhanced.blocks.allSatisfy { $0.projection != nil && $0.prelu != nil })
    #expect(enhanced.blocks[3].projection?.branches[0].conv.geometry.stride == 2)
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
    #expect(
      touched(try #require(network.blocks[4].convA.branches[0].conv.weight.grad)).rows == Set(0..<4)
    )
    #expect(network.fits(architecture) && !network.fits(space.widest))
  }
}

/// Narrow branches: their widths, the routing of every candidate width, and their initialisation from parents.
@Suite struct WidthBranchTests {
  @Test func branchWidthsFollowTheRule() {
    #expect(WidthBranching.quarters.widths(upTo: 16) == [4, 8, 12, 16])
    #expect(WidthBranching.quarters.widths(upTo: 32) == [8, 16, 24, 32])
    #expect(WidthBranching.quarters.widths(upTo: 64) == [16, 32, 48, 64])
    #expect(WidthBranching.steps.widths(upTo: 16) == [4, 8, 12, 16])
    #expect(WidthBranching.steps.widths(upTo: 64) == Array(stride(from: 4, through: 64, by: 4)))
    #expect(WidthBranching.none.widths(upTo: 32) == [32])
  }

  /// Quarters: running width r goes to branch ⌊(r − 1) / (C/4)⌋ (the winning solution's rule); steps: to the
  /// branch of the smallest multiple of 4 at least r. Checked for every candidate of every layer size, widened
  /// or not.
  @Test func everyCandidateWidthRoutesToItsBranch() {
    var random = RandomStream(seed: 1)
    for maximum in [16, 32, 64] {
      for branching in [WidthBranching.quarters, .steps] {
        let layer = WidthConvolution(
          inputChannels: 8, widths: branching.widths(upTo: maximum), kernel: 1,
          geometry: Conv2DGeometry(), batchNorm: .supernet, random: &random)
        for design in [WidthDesign.none, WidthDesign(widensNarrowest: true)] {
          for width in stride(from: 4, through: maximum, by: 4) {
            let running = design.runningWidth(width)
            let branch = layer.branch(for: running)
            switch branching {
            case .quarters:
              #expect(
                branch.width == ((running - 1) / (maximum / 4) + 1) * maximum / 4,
                "C \(maximum), width \(width) runs \(running) in w\(branch.width)")
            default:
              #expect(branch.width == (running + 3) / 4 * 4, "C \(maximum), width \(width)")
            }
            #expect(branch.width >= running)
          }
        }
      }
    }
  }

  /// A grown network's branches start as the leading blocks of their parents — filters, batch-norm scale, shift
  /// and running statistics, classifier columns — and finer branches copy their quarter-branch parent.
  @Test func branchesStartAsCopiesOfTheirParent() throws {
    var random = RandomStream(seed: 3)
    let tracked = BatchNormOptions(affine: true, tracksRunningStatistics: true)
    let plain = WidthNetwork(shape: .supernet(), batchNorm: tracked, random: &random)
    let x = Tensor(shape: [4, 3, 8, 8], values: (0..<768).map { _ in Float(random.normal()) })
    _ = plain(x, architecture: WidthSpace().widest)  // running statistics move away from 0 and 1
    for (_, p) in plain.namedParameters() {
      p.withMutableValues { for i in 0..<$0.count { $0[i] += Float(random.normal()) } }
    }
    let quarters = WidthNetwork(
      shape: .supernet(), design: WidthDesign(branches: .quarters), batchNorm: tracked,
      random: &random)
    try quarters.load(growingFrom: Dictionary(uniqueKeysWithValues: plain.namedTensors()))
    let parent = plain.blocks[4].convA.branches[0]
    #expect(quarters.blocks[4].convA.branches.map(\.width) == [8, 16, 24, 32])
    for branch in quarters.blocks[4].convA.branches {
      let w = branch.width
      #expect(
        branch.conv.weight.toArray()
          == parent.conv.weight.leadingBlock(branch.conv.weight.shape).toArray())
      #expect(branch.norm.scale!.toArray() == Array(parent.norm.scale!.toArray()[..<w]))
      #expect(branch.norm.shift!.toArray() == Array(parent.norm.shift!.toArray()[..<w]))
      #expect(branch.norm.runningMean!.toArray() == Array(parent.norm.runningMean!.toArray()[..<w]))
      #expect(
        branch.norm.runningVariance!.toArray()
          == Array(parent.norm.runningVariance!.toArray()[..<w]))
    }
    #expect(parent.norm.runningMean!.toArray().contains { $0 != 0 })
    let classifier = quarters.classifier.branches[1]  // reads 32 of 64 features
    #expect(classifier.linear.weight.shape == [10, 32])
    #expect(
      classifier.linear.weight.toArray()
        == plain.classifier.branches[0].linear.weight.leadingBlock([10, 32]).toArray())
    #expect(
      classifier.linear.bias!.toArray() == plain.classifier.branches[0].linear.bias!.toArray())

    // Give the quarter branches their own values, then grow finer branches: w20 of a 32-channel layer copies w24.
    for (_, p) in quarters.namedParameters() {
      p.withMutableValues { for i in 0..<$0.count { $0[i] += Float(random.normal()) } }
    }
    let steps = WidthNetwork(
      shape: .supernet(), design: WidthDesign(branches: .steps), batchNorm: tracked,
      random: &random)
    try steps.load(growingFrom: Dictionary(uniqueKeysWithValues: quarters.namedTensors()))
    let fine = try #require(steps.blocks[4].convA.branches.first { $0.width == 20 })
    let quarter = try #require(quarters.blocks[4].convA.branches.first { $0.width == 24 })
    #expect(
      fine.conv.weight.toArray()
        == quarter.conv.weight.leadingBlock(fine.conv.weight.shape).toArray())
    let same = try #require(steps.blocks[4].convA.branches.first { $0.width == 16 })
    #expect(
      same.conv.weight.toArray() == quarters.blocks[4].convA.branches[1].conv.weight.toArray())
  }

  /// With branches, a sub-network's gradient reaches only the branches its widths route to.
  @Test func gradientsReachOnlyTheRoutedBranch() throws {
    var random = RandomStream(seed: 5)
    let network = WidthNetwork(
      shape: .supernet(), design: WidthDesign(branches: .quarters), batchNorm: .supernet,
      random: &random)
    let architecture = try WidthSpace().parse("12-8-16-4-12-16-8-20-32-8-24-4-28-36-8-64-12-40-24")
    let x = Tensor(shape: [2, 3, 8, 8], values: (0..<384).map { _ in Float(random.normal()) })
    let logits = network(x, architecture: architecture)
    (logits * GradientCheck.projection(like: logits)).sum().backward()
    let touched = network.stem.branches.filter { branch in
      branch.conv.weight.grad?.toArray().contains { $0 != 0 } ?? false
    }.map(\.width)
    #expect(touched == [12])
    let classifier = network.classifier.branches.filter { branch in
      branch.linear.weight.grad?.toArray().contains { $0 != 0 } ?? false
    }.map(\.width)
    #expect(classifier == [32])  // 24 features run in the 32-wide branch of 64
  }

  @Test func missingTensorsAreNamed() {
    var random = RandomStream(seed: 6)
    let network = WidthNetwork(shape: .supernet(), random: &random)
    // Checkpoint names: layers by position, branches by width.
    let names = Set(network.namedTensors().map(\.0))
    for name in [
      "stem.w16.conv.weight", "blocks.0.convA.w16.norm.scale",
      "blocks.3.projection.w32.conv.weight",
      "classifier.w64.linear.weight",
    ] {
      #expect(names.contains(name), "\(name)")
    }
    #expect {
      try network.load(growingFrom: [:])
    } throws: { error in
      (error as? CairnError)?.description.contains(
        "checkpoint has no tensor 'stem.w16.conv.weight'")
        == true
    }
  }
}

import CairnCore
import CairnTestSupport
import Testing

@testable import CairnEngine

@Suite struct AutogradTests {
  @Test func twoBackwardPassesAccumulateIntoTheSameGradients() {
    var random = RandomStream(seed: 1)
    let conv = Conv2d(8, 8, kernel: 3, geometry: Conv2DGeometry(padding: 1), random: &random)
    let x1 = randomTensor([2, 8, 4, 4], seed: 61, requiresGrad: false)
    let x2 = randomTensor([2, 8, 4, 4], seed: 62, requiresGrad: false)
    conv(x1).relu().sum().backward()
    let first = conv.weight.grad!.toArray()
    conv.weight.grad = nil
    conv(x2).mean().backward()
    let second = conv.weight.grad!.toArray()
    conv.weight.grad = nil
    conv(x1).relu().sum().backward()
    conv(x2).mean().backward()
    let accumulated = conv.weight.grad!.toArray()
    #expect(maxAbsDifference(accumulated, zip(first, second).map { Double($0 + $1) }) < 1e-4)
  }

  @Test func sharedSubexpressionGetsTheSumOfItsGradients() {
    let x = Tensor(shape: [3], values: [1, -2, 3], requiresGrad: true)
    let y = x * x  // used twice below
    (y + y.scaled(by: 3)).sum().backward()  // d/dx 4x² = 8x
    #expect(x.grad!.toArray() == [8, -16, 24])
  }

  @Test func noGradientModeRecordsNothing() {
    let w = randomTensor([4, 4, 3, 3], seed: 63)
    let x = randomTensor([1, 4, 5, 5], seed: 64)
    let y = withoutGradients {
      conv2d(x, weight: w, geometry: Conv2DGeometry(padding: 1)).relu().sum()
    }
    #expect(!y.requiresGrad)
    #expect(y.gradNode == nil)
    let tracked = conv2d(x, weight: w, geometry: Conv2DGeometry(padding: 1)).relu().sum()
    #expect(tracked.requiresGrad)
    #expect(abs(tracked.item - y.item) < 1e-4)
  }

  @Test func frozenParametersReceiveNoGradient() {
    var random = RandomStream(seed: 2)
    let layer = Linear(3, 2, random: &random)
    layer.freeze()
    let x = randomTensor([2, 3], seed: 65)
    layer(x).sum().backward()
    #expect(layer.weight.grad == nil)
    #expect(x.grad != nil)
    #expect(layer.trainableParameters().isEmpty)
    #expect(layer.parameterCount == 8)
  }

  @Test func blockedLayoutRoundTripsThroughPlain() {
    // 3 channels: padded in nChw8c
    let x = randomTensor([2, 3, 4, 4], seed: 66, requiresGrad: false)
    let blocked = x.converted(to: .blocked(x.shape))
    #expect(!blocked.isPlain)
    #expect(blocked.toArray() == x.toArray())
  }
}

@Suite struct ModuleTests {
  final class Block: Module {
    let conv: Conv2d
    let norm: BatchNorm
    let heads: [Linear]
    init(random: inout RandomStream) {
      conv = Conv2d(3, 8, kernel: 3, random: &random)
      norm = BatchNorm(8)
      heads = [Linear(8, 2, random: &random), Linear(8, 3, bias: false, random: &random)]
    }
  }

  @Test func parameterTreeHasDottedNames() {
    var random = RandomStream(seed: 3)
    let block = Block(random: &random)
    let names = block.namedTensors().map(\.0)
    #expect(
      names == [
        "conv.weight", "norm.scale", "norm.shift", "norm.runningMean", "norm.runningVariance",
        "heads.0.weight",
        "heads.0.bias", "heads.1.weight",
      ])
    #expect(block.parameterCount == 8 * 27 + 16 + 16 + 2 + 24)
  }

  @Test func loadVerifiesNamesAndShapes() throws {
    var random = RandomStream(seed: 4)
    let a = Block(random: &random)
    let b = Block(random: &random)
    try b.load(a.stateDictionary())
    #expect(b.conv.weight.toArray() == a.conv.weight.toArray())
    var missing = a.stateDictionary()
    missing["conv.weight"] = nil
    #expect(throws: CairnError.invalidInput("checkpoint has no tensor 'conv.weight'")) {
      try b.load(missing)
    }
    var wrongShape = a.stateDictionary()
    wrongShape["heads.0.bias"] = Tensor(zeros: [3])
    #expect(throws: CairnError.self) { try b.load(wrongShape) }
    var extra = a.stateDictionary()
    extra["bogus"] = Tensor(zeros: [1])
    #expect(
      throws: CairnError.invalidInput("checkpoint tensor 'bogus' does not belong to the model")
    ) {
      try b.load(extra)
    }
  }

  @Test func pytorchDefaultInitializerBounds() {
    var random = RandomStream(seed: 5)
    let values = Initializer.pytorchDefault.values(shape: [16, 8, 3, 3], using: &random)
    let bound = 1 / Float(72).squareRoot()
    #expect(values.allSatisfy { abs($0) <= bound })
    #expect(values.map { abs($0) }.max()! > 0.9 * bound)
    let normal = Initializer.kaimingNormal(fanOut: true).values(
      shape: [64, 16, 3, 3], using: &random)
    let variance = normal.map { Double($0 * $0) }.reduce(0, +) / Double(normal.count)
    #expect(abs(variance - 2.0 / 576) / (2.0 / 576) < 0.1)
  }
}

@Suite struct GraphLifetimeTests {
  /// A pullback that captured its own op's output would form a retain cycle and leak every step's activations.
  @Test func graphIsFreedWhenTheLossIsDropped() {
    weak var convOutput: Tensor?
    weak var poolOutput: Tensor?
    weak var logProbabilities: Tensor?
    weak var loss: Tensor?
    let w = randomTensor([8, 3, 3, 3], seed: 70)
    do {
      let x = randomTensor([2, 3, 6, 6], seed: 71, requiresGrad: false)
      let c = conv2d(x, weight: w, geometry: Conv2DGeometry(padding: 1))
      let p = pool2d(c.relu(), .max, kernel: 3, stride: 2, padding: 1)
      let logits = globalAveragePool(
        batchNorm(p, scale: nil, shift: nil, statistics: .batch).output)
      let l = logits.logSoftmax().softmaxCrossEntropy(labels: [1, 2])
      l.backward()
      (convOutput, poolOutput, logProbabilities, loss) = (c, p, nil, l)
      logProbabilities = logits.logSoftmax()
    }
    #expect(convOutput == nil)
    #expect(poolOutput == nil)
    #expect(logProbabilities == nil)
    #expect(loss == nil)
    #expect(w.grad != nil)
  }
}

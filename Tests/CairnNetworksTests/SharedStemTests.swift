import CairnCore
import CairnEngine
import CairnSpaces
import Testing

@testable import CairnNetworks

/// Several architectures on one batch (a landmark pair) share the NB201 stem: same logits and same gradients as
/// separate forward passes.
@Suite struct SharedStemTests {
  @Test func pairMatchesSeparatePasses() throws {
    var random = RandomStream(seed: 5, name: "shared stem")
    let network = NB201Network.supernet(
      shape: NB201NetworkShape(channels: 16, cellsPerStage: 1), random: &random)
    network.train(true)
    let images = Tensor(
      shape: [4, 3, 8, 8], values: (0..<768).map { _ in Float(random.normal()) })
    let pair = try [
      "|nor_conv_3x3~0|+|skip_connect~0|nor_conv_1x1~1|+|avg_pool_3x3~0|none~1|nor_conv_3x3~2|",
      "|nor_conv_1x1~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|none~2|",
    ].map { try NB201Architecture(parsing: $0) }
    let labels: [Int32] = [0, 1, 2, 3]
    let parameters = network.trainableParameters()
    func run(_ forward: () -> [Tensor]) -> (losses: [Float], gradients: [[Float]]) {
      for parameter in parameters { parameter.grad = nil }
      let losses = forward().map { $0.softmaxCrossEntropy(labels: labels) }
      (losses[1] - losses[0]).backward()
      return (losses.map(\.item), parameters.map { $0.grad?.toArray() ?? [] })
    }
    let shared = run { network(images, architectures: pair) }
    let separate = run { pair.map { network(images, architecture: $0) } }
    for (a, b) in zip(shared.losses, separate.losses) { #expect(abs(a - b) < 1e-5) }
    var worst: Float = 0
    for (a, b) in zip(shared.gradients, separate.gradients) {
      #expect(a.count == b.count)
      for (x, y) in zip(a, b) { worst = max(worst, abs(x - y)) }
    }
    #expect(worst < 1e-4)
    // the stem's weights get both paths' gradients
    #expect(network.stem.weight.grad.map { $0.toArray().contains { $0 != 0 } } == true)
  }
}

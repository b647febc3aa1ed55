import CairnCore
import CairnEngine
import CairnSpaces
import CairnTestSupport
import Testing

@testable import CairnNetworks

@Suite struct SlicedWeightTests {
  /// One super-net module (4 → 8 channels) at a cell whose vertices run on 3, 3 and 2 of 8 channels, its
  /// input, and a fixed projection turning its output into a scalar loss.
  func slicedModule() throws -> (NB101Cell, NB101Architecture, Tensor, Tensor) {
    var random = RandomStream(seed: 11)
    let module = NB101Cell(
      supernetInputChannels: 4, outputChannels: 8, channelMode: .dynamic, batchNorm: .supernet,
      random: &random)
    let cell = try nb101TestCells()[2]
    let x = Tensor(shape: [2, 4, 4, 4], values: (0..<128).map { _ in Float(random.normal()) })
    let r = GradientCheck.projection(like: module(x, cell: cell))
    return (module, cell, x, r)
  }

  /// Analytic gradients of sliced conv-weight and batch-norm entries against central differences of the loss.
  @Test func slicedGradientsMatchFiniteDifferences() throws {
    let (module, cell, x, r) = try slicedModule()
    func loss() -> Double {
      zip(module(x, cell: cell).toArray(), r.toArray()).reduce(0) { $0 + Double($1.0 * $1.1) }
    }
    (module(x, cell: cell) * r).sum().backward()
    let probes: [(Tensor, Int)] = [
      (module.vertices[0].conv3x3!.conv.weight, 1 * 72 + 2 * 9 + 4),  // [1, 2, 1, 1]
      (module.vertices[0].conv3x3!.conv.weight, 2 * 72 + 0 * 9 + 8),  // [2, 0, 2, 2]
      (module.vertices[0].inputProjection!.conv.weight, 2 * 4 + 3),  // [2, 3]
      (module.vertices[1].inputProjection!.norm.scale!, 1),
      (module.vertices[2].conv1x1!.conv.weight, 1 * 8 + 1),  // [1, 1]
      (module.vertices[2].conv1x1!.norm.scale!, 0),
    ]
    let epsilon: Float = 1e-3
    for (parameter, index) in probes {
      let analytic = Double(parameter.grad!.toArray()[index])
      let original = parameter.toArray()[index]
      func shifted(_ step: Float) -> Double {
        parameter.withMutableValues { $0[index] = original + step }
        return withoutGradients { loss() }
      }
      let numerical = (shifted(epsilon) - shifted(-epsilon)) / (2 * Double(epsilon))
      parameter.withMutableValues { $0[index] = original }
      let error = abs(analytic - numerical) / max(abs(analytic), abs(numerical), 0.1)
      #expect(
        error < 2e-2,
        "probe \(index) of \(parameter.shape): analytic \(analytic), numerical \(numerical)")
    }
  }

  /// Directional derivatives along random directions of the whole (sliced) tensors agree as well.
  @Test func directionalDerivativesThroughSlicesMatch() throws {
    let (module, cell, x, r) = try slicedModule()
    let inputs = [
      module.vertices[0].conv3x3!.conv.weight, module.vertices[1].inputProjection!.norm.scale!,
      module.vertices[2].conv1x1!.conv.weight,
    ]
    let error = GradientCheck.maximumRelativeError(inputs: inputs) {
      (module(x, cell: cell) * r).sum()
    }
    #expect(error < 2e-2)
  }

  /// In evaluation, a sliced batch norm uses the leading running statistics; in training it updates only them.
  @Test func slicedBatchNormUsesAndUpdatesTheLeadingStatistics() {
    let norm = BatchNorm(4)
    norm.runningMean!.assign(Tensor(shape: [4], values: [0.5, -1, 2, 3]))
    norm.runningVariance!.assign(Tensor(shape: [4], values: [2, 0.5, 1, 4]))
    norm.scale!.assign(Tensor(shape: [4], values: [1, 2, 3, 4]))
    let x = Tensor(shape: [2, 4, 1, 1], values: [1, 2, 3, 4, 5, 6, 7, 8])
    norm.train(false)
    let full = norm(x).toArray()
    let sliced = norm(sliced: x.sliceChannels(0..<2)).toArray()
    #expect(zip(sliced, [full[0], full[1], full[4], full[5]]).allSatisfy { abs($0 - $1) < 1e-6 })
    norm.train(true)
    _ = norm(sliced: x.sliceChannels(0..<2))
    #expect(norm.runningMean!.toArray()[2...] == [2, 3])
    #expect(norm.runningMean!.toArray()[0] != 0.5)
    #expect(norm.runningVariance!.toArray()[2...] == [1, 4])
  }
}

import CairnCore
import CairnData
import CairnEngine
import CairnNetworks
import CairnSpaces
import Foundation
import Testing

@testable import CairnSupernet

/// DARTS's relaxation of the DARTS space: the genotype parsed from edge weights as the DARTS code parses it, the
/// mixed forward pass against the single-path one, and the architecture gradient against finite differences.
@Suite struct DARTSSpaceMixtureTests {
  /// 14 rows of 8 weights, all 0.01, with `strong` (edge index, op, weight) entries set.
  func weights(_ strong: [(Int, DARTSOp, Double)]) -> [[Double]] {
    var rows = [[Double]](repeating: [Double](repeating: 0.01, count: 8), count: 14)
    for (edge, op, weight) in strong { rows[edge][op.id] = weight }
    return rows
  }

  @Test func aCellIsParsedAsDARTSParsesIt() throws {
    // Node 2 (edges 0, 1): both kept. Node 3 (edges 2-4): input 2 strongest, then input 0; `none` on input 1
    // outweighs everything but is never chosen. Node 4 (edges 5-8) and node 5 (edges 9-13): ties go to the lower
    // input and to the earlier op.
    let rows = weights([
      (0, .sepConv3x3, 0.5), (1, .skipConnect, 0.4),
      (2, .maxPool3x3, 0.3), (3, .none, 0.9), (4, .dilConv5x5, 0.6),
      (5, .avgPool3x3, 0.2), (8, .sepConv5x5, 0.7),
    ])
    let cell = try #require(DARTSCell.derived(fromEdgeWeights: rows))
    #expect(
      cell.edges == [
        .init(op: .sepConv3x3, input: 0), .init(op: .skipConnect, input: 1),
        .init(op: .dilConv5x5, input: 2), .init(op: .maxPool3x3, input: 0),
        .init(op: .sepConv5x5, input: 3), .init(op: .avgPool3x3, input: 0),
        .init(op: .maxPool3x3, input: 0), .init(op: .maxPool3x3, input: 1),
      ])
    #expect(cell.concat == [2, 3, 4, 5])
    #expect(DARTSCell.derived(fromEdgeWeights: Array(rows.prefix(13))) == nil)
    #expect(DARTSCell.derived(fromEdgeWeights: rows.map { Array($0.prefix(7)) }) == nil)
  }

  /// With every weight one-hot on a genotype's ops (zero elsewhere), the mixed forward pass is that genotype's
  /// single path.
  @Test func aOneHotMixtureIsTheGenotypesPath() throws {
    var random = RandomStream(seed: 5)
    let network = DARTSNetwork.supernet(
      shape: DARTSNetworkShape(channels: 4, cells: 3), random: &random)
    let genotype = DARTSSpace().sample(using: &random)
    var rows = [[Double]](repeating: [Double](repeating: 0, count: 8), count: 28)
    for (kind, cell) in [genotype.normal, genotype.reduce].enumerated() {
      for (position, edge) in cell.edges.enumerated() {
        rows[14 * kind + DARTSCellLayout.edgeIndex(node: position / 2, input: edge.input)][
          edge.op.id] = 1
      }
    }
    var pixels = RandomStream(seed: 6)
    let images = Tensor(
      shape: [2, 3, 8, 8], values: (0..<(2 * 3 * 64)).map { _ in Float(pixels.normal()) })
    let mixed = network(images, mixture: OperationMixture(rows, differentiable: false)).toArray()
    let path = network(images, architecture: genotype).toArray()
    #expect(zip(mixed, path).allSatisfy { abs($0 - $1) < 1e-4 }, "\(mixed) vs \(path)")
  }

  /// ∇α of the validation loss through the mixed DARTS super-net, with and without edge normalization, along
  /// random directions against central differences. Max pooling and ReLU make the loss only piecewise smooth in α
  /// (every pooling window whose maximum changes hands is a kink, and a few thousand windows lie within any step),
  /// so the differences agree to a few percent (measured 1–5 %), not to the last digit; a missing or wrongly
  /// signed term is off by far more.
  @Test(arguments: [false, true])
  func architectureGradientMatchesFiniteDifferences(normalized: Bool) {
    var random = RandomStream(seed: 7)
    let network = DARTSNetwork.supernet(
      shape: DARTSNetworkShape(channels: 4, cells: 3), random: &random)
    let h = DARTSHypergradient(
      forward: { network($0, mixture: $1) }, parameters: network.trainableParameters())
    let sizes =
      [Int](repeating: 8, count: 28) + (normalized ? DARTSSupernet.edgeNormalizationSizes : [])
    let alpha = sizes.map { size in (0..<size).map { _ in 0.5 * random.normal() } }
    var pixels = RandomStream(seed: 8)
    let batch = Batch(
      images: (0..<(4 * 3 * 64)).map { _ in Float(pixels.normal()) }, labels: [1, 4, 7, 2],
      shape: [4, 3, 8, 8])
    let analytic = h.firstOrder(validation: batch, alpha: alpha).gradient
    let step = 3e-3
    for seed in [1, 2] as [UInt64] {
      var directionRandom = RandomStream(seed: seed)
      let v = alpha.map { row in row.map { _ in directionRandom.normal() } }
      func loss(_ sign: Double) -> Double {
        h.gradients(
          on: batch,
          alpha: zip(alpha, v).map { a, d in zip(a, d).map { $0 + sign * step * $1 } }
        ).loss
      }
      let numerical = (loss(1) - loss(-1)) / (2 * step)
      let along = zip(analytic.joined(), v.joined()).map(*).reduce(0, +)
      let error = abs(along - numerical) / max(abs(numerical), abs(along), 1e-2)
      #expect(error < 0.1, "direction \(seed): analytic \(along), numerical \(numerical)")
    }
  }

  /// The binding derives a genotype from 28 rows and has 28 named decisions and 8 normalization rows.
  @Test func theBindingDescribesItsRelaxation() throws {
    let c = SupernetConfiguration()
    let decisions = DARTSSupernet.mixtureDecisions(for: c)
    #expect(decisions.count == 28 && decisions.allSatisfy { $0.size == 8 })
    #expect(decisions[13].name == "normal edge 4->5" && decisions[14].name == "reduce edge 0->2")
    #expect(decisions[0].optionName(0) == "none")
    var random = RandomStream(seed: 9)
    let probabilities = (0..<28).map { _ in (0..<8).map { _ in random.uniform() } }
    let genotype = try #require(DARTSSupernet.derive(probabilities, configuration: c))
    #expect(
      genotype.normal == DARTSCell.derived(fromEdgeWeights: Array(probabilities[..<14]))
        && genotype.reduce == DARTSCell.derived(fromEdgeWeights: Array(probabilities[14...])))
    #expect(DARTSSupernet.derive(Array(probabilities.prefix(27)), configuration: c) == nil)
    #expect(DARTSSupernet.edgeNormalizationSizes.reduce(0, +) == 28)
  }

  /// The tri-level method's auxiliary model on the DARTS space: DARTS_V2 at the super-net's C and depth, whose
  /// features feed the classifier.
  @Test func theDefaultAuxiliaryModelIsAStandaloneDARTSNetwork() throws {
    var c = SupernetConfiguration()
    c.space = .darts
    c.supernet.channels = 4
    c.supernet.darts.cells = 3
    let text = try #require(DARTSSupernet.defaultAuxiliary)
    let genotype = try DARTSGenotype(parsing: text)
    var random = RandomStream(seed: 3)
    let model = try #require(
      DARTSSupernet.makeAuxiliary(
        genotype, configuration: c, classes: 10, inputChannels: 3, random: &random))
    var pixels = RandomStream(seed: 4)
    let images = Tensor(
      shape: [2, 3, 8, 8], values: (0..<(2 * 3 * 64)).map { _ in Float(pixels.normal()) })
    let outputs = model.forward(images)
    #expect(outputs.logits.shape == [2, 10])
    #expect(outputs.features.shape[0] == 2 && outputs.features.shape.count == 2)
    let network = try #require(model.network as? DARTSNetwork)
    #expect(network.cells.count == 3 && network.shape.channels == 4)
    #expect(network(images, architecture: genotype).toArray() == outputs.logits.toArray())
  }

  /// Spaces whose network mixes its options offer DARTS, through generic code as well; NB101 and widths do not.
  @Test func mixingSpacesOfferDARTS() throws {
    func mixes<Binding: SupernetSpace>(_ binding: Binding.Type) -> Bool { Binding.mixesOptions }
    #expect(mixes(NB201Supernet.self) && mixes(DARTSSupernet.self))
    #expect(!mixes(NB101Supernet.self) && !mixes(WidthSupernet.self))
    var random = RandomStream(seed: 1)
    let network = NB201Network.supernet(
      shape: NB201NetworkShape(channels: 8, cellsPerStage: 1), random: &random)
    let forward = try #require(NB201Supernet.mixtureForward(network))
    let images = Tensor(shape: [1, 3, 8, 8], values: [Float](repeating: 0.5, count: 192))
    let mixture = OperationMixture(
      [[Double]](repeating: [0.2, 0.2, 0.2, 0.2, 0.2], count: 6), differentiable: false)
    #expect(
      forward(images, mixture).logits.toArray() == network(images, mixture: mixture).toArray())
  }
}

import CairnCore
import CairnEngine
import CairnSpaces

/// The controller of Neural Architecture Optimization (Luo et al., NeurIPS 2018) for any space with a choice
/// encoding: an encoder from an architecture's choices to a continuous embedding, a performance predictor on the
/// embedding, and a decoder back to the choices.
///
/// An architecture is one token per decision of `space.decisions` (D decisions of sizes s_1 … s_D), a fixed
/// length, so the encoder is an MLP over the tokens' one-hot codes and the decoder predicts every decision at
/// once; NAO's LSTMs serve variable-length sequences that these spaces do not have.
///
/// - Encoder input: the one-hot codes of the decisions side by side, Σ s_d units (decision d's option c is unit
///   offset_d + c), so no unit is spent on an option that does not exist: six 5-way decisions take 30
///   units, 21 binary and 5 three-way decisions 57.
/// - Decoder output: D × S logits with S = max s_d, read as D rows of S options. Options c ≥ s_d of row d are
///   masked: training adds −10⁹ to their logits before the softmax (so they get no probability and no gradient)
///   and decoding takes the argmax over each row's first s_d logits only.
///
/// Training minimises `predictorWeight`·MSE(prediction, score) + (1 − `predictorWeight`)·CE(decoded, choices)
/// by Adam (`train(on:scores:epochs:…)`). New architectures come from moving an embedding along the predictor's
/// gradient, e ← e + η·∂f/∂e, and decoding (`propose(from:excluding:maximumStep:)`). A decoded choice list that
/// the space rejects (`architecture(choices:)` throws, e.g. an NB101 cell with no input→output path) decodes to
/// nil and is never proposed.
public final class NAOController<Space: ChoiceEncoding>: Module {
  public let embed: Linear
  public let encoderHidden: Linear
  public let predictorHidden: Linear
  public let predictorOutput: Linear
  public let decoderHidden: Linear
  public let decoderOutput: Linear

  /// The space whose choices the controller reads and writes.
  public let space: Space
  /// The size of each decision, in encoding order.
  let sizes: [Int]
  /// The first encoder input unit of each decision.
  let offsets: [Int]
  /// The largest decision size: the width of a decoder row.
  let rowWidth: Int

  /// The logit added to options a decision does not have.
  static var maskedLogit: Float { -1e9 }

  /// A controller for `space`, with `embeddingSize` embedding units and `hiddenSize` units in each hidden layer.
  ///
  /// Throws `CairnError.invalidInput` when the space has no decisions, a decision has no options, or a layer size
  /// is below 1.
  public init(
    space: Space, embeddingSize: Int = 16, hiddenSize: Int = 64, random: inout RandomStream
  ) throws(CairnError) {
    let sizes = space.decisionSizes
    guard !sizes.isEmpty, sizes.allSatisfy({ $0 >= 1 }) else {
      throw .invalidInput(
        "NAO needs a space with at least one decision of at least one option; \(space.name) has sizes \(sizes)"
      )
    }
    guard embeddingSize >= 1, hiddenSize >= 1 else {
      throw .invalidInput(
        "the NAO embedding and hidden sizes must be at least 1, got \(embeddingSize) and \(hiddenSize)"
      )
    }
    self.space = space
    self.sizes = sizes
    var offsets: [Int] = []
    var units = 0
    for size in sizes {
      offsets.append(units)
      units += size
    }
    self.offsets = offsets
    rowWidth = sizes.max() ?? 1
    embed = Linear(units, hiddenSize, random: &random)
    encoderHidden = Linear(hiddenSize, embeddingSize, random: &random)
    predictorHidden = Linear(embeddingSize, hiddenSize, random: &random)
    predictorOutput = Linear(hiddenSize, 1, random: &random)
    decoderHidden = Linear(embeddingSize, hiddenSize, random: &random)
    decoderOutput = Linear(hiddenSize, sizes.count * rowWidth, random: &random)
  }

  /// The number of decisions, D.
  public var decisionCount: Int { sizes.count }

  /// The number of embedding units, E.
  public var embeddingSize: Int { encoderHidden.weight.shape[0] }

  /// One-hot codes [N, Σ s_d] of choice lists, each of which has one in-range choice per decision.
  func oneHot(_ choiceLists: [[Int]]) -> Tensor {
    let units = embed.weight.shape[1]
    var values = [Float](repeating: 0, count: choiceLists.count * units)
    for (row, choices) in choiceLists.enumerated() {
      for (decision, choice) in choices.enumerated() {
        values[row * units + offsets[decision] + choice] = 1
      }
    }
    return Tensor(shape: [choiceLists.count, units], values: values)
  }

  /// Embeddings [N, E] of choice lists.
  func encode(choices choiceLists: [[Int]]) -> Tensor {
    encoderHidden(embed(oneHot(choiceLists)).relu())
  }

  /// Embeddings [N, E] of architectures.
  public func encode(_ architectures: [Space.Architecture]) -> Tensor {
    encode(choices: architectures.map(space.choices(of:)))
  }

  /// Predicted scores [N, 1] of embeddings [N, E].
  public func predict(_ embeddings: Tensor) -> Tensor {
    predictorOutput(predictorHidden(embeddings).relu())
  }

  /// Decoder logits [N·D, S] of embeddings [N, E]: row n·D + d holds decision d of sequence n, and its columns
  /// c ≥ s_d are unused (see the type's documentation for how they are masked).
  public func decodeLogits(_ embeddings: Tensor) -> Tensor {
    let logits = decoderOutput(decoderHidden(embeddings).relu())
    return logits.reshaped([embeddings.shape[0] * sizes.count, rowWidth])
  }

  /// A constant [N·D, S] tensor that is 0 on every decision's options and −10⁹ past its size.
  func logitMask(rows: Int) -> Tensor {
    var row = [Float](repeating: 0, count: sizes.count * rowWidth)
    for (decision, size) in sizes.enumerated() {
      for option in size..<rowWidth { row[decision * rowWidth + option] = Self.maskedLogit }
    }
    return Tensor(
      shape: [rows * sizes.count, rowWidth],
      values: Array([[Float]](repeating: row, count: rows).joined()))
  }

  /// The most likely choice list of every embedding [N, E]: for each decision the argmax over its own options.
  public func decodeChoices(_ embeddings: Tensor) -> [[Int]] {
    let logits = decodeLogits(embeddings).toArray()
    let count = sizes.count
    return (0..<embeddings.shape[0]).map { sequence in
      sizes.enumerated().map { decision, size in
        let start = (sequence * count + decision) * rowWidth
        var best = 0
        for option in 1..<max(size, 1) where logits[start + option] > logits[start + best] {
          best = option
        }
        return best
      }
    }
  }

  /// The most likely architecture of every embedding [N, E], or nil where the space rejects the decoded choices.
  public func decode(_ embeddings: Tensor) -> [Space.Architecture?] {
    decodeChoices(embeddings).map { try? space.architecture(choices: $0) }
  }

  /// Predicted scores of architectures (no gradients).
  public func predictedScores(_ architectures: [Space.Architecture]) -> [Double] {
    guard !architectures.isEmpty else { return [] }
    return withoutGradients { predict(encode(architectures)).toArray().map(Double.init) }
  }
}

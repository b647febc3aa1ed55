import CairnCore
import CairnEngine
import CairnSpaces

extension NAOController {
  /// Trains on (architecture, score) pairs for `epochs` passes in shuffled mini-batches; returns the last loss
  /// (NaN when `epochs` is 0).
  ///
  /// The loss of a batch is `predictorWeight`·MSE(prediction, score) + (1 − `predictorWeight`)·CE, the
  /// cross-entropy averaged over every decision of every architecture, with gradients clipped to norm 5.
  /// Throws `CairnError.invalidInput` when the lists are empty or of different lengths, a score is not finite,
  /// or a setting is out of range.
  @discardableResult
  public func train(
    on architectures: [Space.Architecture], scores: [Double], epochs: Int, batchSize: Int = 100,
    learningRate: Float = 1e-3, weightDecay: Float = 1e-4, predictorWeight: Float = 0.8,
    using random: inout RandomStream
  ) throws(CairnError) -> Double {
    guard !architectures.isEmpty, architectures.count == scores.count else {
      throw .invalidInput(
        "NAO trains on one score per architecture, got \(architectures.count) architectures and \(scores.count) scores"
      )
    }
    if let bad = scores.firstIndex(where: { !$0.isFinite }) {
      throw .invalidInput(
        "NAO needs finite scores; \(space.format(architectures[bad])) scored \(scores[bad])")
    }
    guard epochs >= 0, batchSize >= 1, (0...1).contains(predictorWeight) else {
      throw .invalidInput(
        "NAO training needs epochs >= 0, batch size >= 1 and a predictor weight in 0...1, got \(epochs), \(batchSize) and \(predictorWeight)"
      )
    }
    let choiceLists = architectures.map(space.choices(of:))
    let optimizer = Adam(
      parameters: namedParameters(), learningRate: learningRate, weightDecay: weightDecay)
    var order = Array(architectures.indices)
    var last = Double.nan
    for _ in 0..<epochs {
      random.shuffle(&order)
      for start in stride(from: 0, to: order.count, by: batchSize) {
        let rows = Array(order[start..<min(start + batchSize, order.count)])
        let batch = rows.map { choiceLists[$0] }
        let targets = Tensor(shape: [rows.count, 1], values: rows.map { Float(scores[$0]) })
        optimizer.zeroGrad()
        let embeddings = encode(choices: batch)
        let error = predict(embeddings) - targets
        let mse = (error * error).mean()
        let logits = decodeLogits(embeddings) + logitMask(rows: rows.count)
        let reconstruction = logits.softmaxCrossEntropy(
          labels: batch.flatMap { $0.map(Int32.init) })
        let loss = mse.scaled(by: predictorWeight) + reconstruction.scaled(by: 1 - predictorWeight)
        loss.backward()
        clipGradientNorm(optimizer.parameters.map(\.1), maxNorm: 5)
        optimizer.step()
        last = Double(loss.item)
      }
    }
    return last
  }

  /// For each seed architecture, the first decoded architecture that is valid in the space and differs (by
  /// choices) from the seed, from `excluded` and from earlier proposals, moving the seed's embedding along the
  /// predictor's gradient with step sizes 1, 2, … `maximumStep`; NAO's proposal rule. Decoded choice lists the
  /// space rejects are skipped, and seeds that yield nothing new propose nothing.
  public func propose(
    from seeds: [Space.Architecture], excluding excluded: some Sequence<Space.Architecture>,
    maximumStep: Int = 50
  ) -> [Space.Architecture] {
    guard !seeds.isEmpty, maximumStep >= 1 else { return [] }
    let embeddings = withoutGradients { encode(seeds) }
    let leaf = Tensor(shape: embeddings.shape, values: embeddings.toArray(), requiresGrad: true)
    predict(leaf).sum().backward()
    guard let gradient = leaf.grad?.toArray() else { return [] }
    let base = embeddings.toArray()
    let width = embeddings.shape[1]
    var seen = Set(excluded.map(space.choices(of:)))
    var proposals: [Space.Architecture] = []
    for (row, seed) in seeds.enumerated() {
      let seedChoices = space.choices(of: seed)
      for step in 1...maximumStep {
        let moved = (0..<width).map {
          base[row * width + $0] + Float(step) * gradient[row * width + $0]
        }
        let choices = withoutGradients {
          decodeChoices(Tensor(shape: [1, width], values: moved))
        }[0]
        guard choices != seedChoices, !seen.contains(choices),
          let architecture = try? space.architecture(choices: choices)
        else { continue }
        seen.insert(choices)
        proposals.append(architecture)
        break
      }
    }
    return proposals
  }
}

import Foundation

extension Tensor {
  /// The cosine similarities of the rows of an [N, D] tensor: S[i, j] = ⟨f_i, f_j⟩ / (‖f_i‖ ‖f_j‖), an [N, N]
  /// tensor (rows of norm below 1e-12 count as that norm). Gradient: with n_i = f_i / ‖f_i‖ and G = ∂L/∂S,
  /// ∂L/∂n = (G + Gᵀ) N and ∂L/∂f_i = (∂n_i − ⟨∂n_i, n_i⟩ n_i) / ‖f_i‖.
  public func rowCosineSimilarities() -> Tensor {
    precondition(shape.count == 2, "row similarities need [N, D], shape is \(shape)")
    let (rows, columns) = (shape[0], shape[1])
    let values = toArray()
    var norms = [Float](repeating: 0, count: rows)
    var unit = [Float](repeating: 0, count: rows * columns)
    for i in 0..<rows {
      var total: Float = 0
      for d in 0..<columns { total += values[i * columns + d] * values[i * columns + d] }
      norms[i] = max(total.squareRoot(), 1e-12)
      for d in 0..<columns { unit[i * columns + d] = values[i * columns + d] / norms[i] }
    }
    var similarities = [Float](repeating: 0, count: rows * rows)
    for i in 0..<rows {
      for j in 0..<rows {
        var dot: Float = 0
        for d in 0..<columns { dot += unit[i * columns + d] * unit[j * columns + d] }
        similarities[i * rows + j] = dot
      }
    }
    let output = Tensor(shape: [rows, rows], values: similarities)
    return Tensor.record("row cosine similarities", output: output, inputs: [self]) { g in
      let gradient = g.toArray()
      var result = [Float](repeating: 0, count: rows * columns)
      for i in 0..<rows {
        var dn = [Float](repeating: 0, count: columns)
        for j in 0..<rows {
          let weight = gradient[i * rows + j] + gradient[j * rows + i]
          for d in 0..<columns { dn[d] += weight * unit[j * columns + d] }
        }
        var along: Float = 0
        for d in 0..<columns { along += dn[d] * unit[i * columns + d] }
        for d in 0..<columns {
          result[i * columns + d] = (dn[d] - along * unit[i * columns + d]) / norms[i]
        }
      }
      return [Tensor(shape: self.shape, values: result)]
    }
  }

  /// The mean over quadruples (i, j, k, l) of a ranking loss on the entries of this [N, N] tensor: with
  /// Δ = S[i, j] − S[k, l] and a target order t ∈ {−1, +1}, the logistic form log(1 + exp(−t·Δ / τ)) or the
  /// hinge form max(0, τ − t·Δ) (τ is then the margin). Gradient: ∂L/∂S at the two entries of each quadruple.
  public func quadrupleRankingLoss(
    _ quadruples: [(Int, Int, Int, Int)], targets: [Float], logistic: Bool, temperature: Float
  ) -> Tensor {
    precondition(shape.count == 2 && shape[0] == shape[1], "needs an [N, N] tensor")
    precondition(quadruples.count == targets.count && !quadruples.isEmpty, "one target a quadruple")
    precondition(temperature > 0, "the temperature (or margin) must be positive")
    let n = shape[0]
    let s = toArray()
    var total = 0.0
    var slopes = [Float](repeating: 0, count: quadruples.count)
    for (q, (i, j, k, l)) in quadruples.enumerated() {
      let margin = targets[q] * (s[i * n + j] - s[k * n + l])
      if logistic {
        let z = Double(-margin / temperature)
        total += z > 30 ? z : Foundation.log1p(Foundation.exp(z))
        // d/dΔ = −t·σ(z)/τ
        slopes[q] = -targets[q] * Float(1 / (1 + Foundation.exp(-z))) / temperature
      } else {
        let loss = temperature - margin
        total += Double(max(0, loss))
        slopes[q] = loss > 0 ? -targets[q] : 0
      }
    }
    let count = Float(quadruples.count)
    let output = Tensor(scalar: Float(total / Double(quadruples.count)))
    return Tensor.record("quadruple ranking loss", output: output, inputs: [self]) { g in
      let scale = g.item / count
      var gradient = [Float](repeating: 0, count: n * n)
      for (q, (i, j, k, l)) in quadruples.enumerated() {
        gradient[i * n + j] += scale * slopes[q]
        gradient[k * n + l] -= scale * slopes[q]
      }
      return [Tensor(shape: self.shape, values: gradient)]
    }
  }
}

extension Tensor {
  /// The mean over quadruples (i, j, k, l) of a soft agreement loss between this [N, N] tensor S and `target`
  /// [N, N] T: with a = (S[i, j] − S[k, l]) / τ and b = (T[i, j] − T[k, l]) / τ, the binary cross-entropy of σ(a)
  /// against σ(b), log(1 + eᵃ) − σ(b)·a (up to a term free of a). Both tensors are differentiated:
  /// ∂L/∂a = σ(a) − σ(b), ∂L/∂b = −a·σ(b)(1 − σ(b)), each divided by τ at its two entries.
  public func quadrupleAgreementLoss(
    with target: Tensor, _ quadruples: [(Int, Int, Int, Int)], temperature: Float
  ) -> Tensor {
    precondition(
      shape.count == 2 && shape[0] == shape[1] && target.shape == shape, "needs two [N, N]")
    precondition(
      !quadruples.isEmpty && temperature > 0, "needs quadruples and a positive temperature")
    let n = shape[0]
    let s = toArray()
    let t = target.toArray()
    func sigmoid(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }
    var total = 0.0
    var slopes: [(Float, Float)] = []
    for (i, j, k, l) in quadruples {
      let a = Double((s[i * n + j] - s[k * n + l]) / temperature)
      let b = Double((t[i * n + j] - t[k * n + l]) / temperature)
      let p = sigmoid(b)
      total += (a > 30 ? a : Foundation.log1p(Foundation.exp(a))) - p * a
      slopes.append((Float((sigmoid(a) - p)), Float(-a * p * (1 - p))))
    }
    let count = Float(quadruples.count)
    let output = Tensor(scalar: Float(total / Double(quadruples.count)))
    return Tensor.record("quadruple agreement loss", output: output, inputs: [self, target]) { g in
      let scale = g.item / (count * temperature)
      var ds = [Float](repeating: 0, count: n * n)
      var dt = [Float](repeating: 0, count: n * n)
      for (q, (i, j, k, l)) in quadruples.enumerated() {
        ds[i * n + j] += scale * slopes[q].0
        ds[k * n + l] -= scale * slopes[q].0
        dt[i * n + j] += scale * slopes[q].1
        dt[k * n + l] -= scale * slopes[q].1
      }
      return [Tensor(shape: self.shape, values: ds), Tensor(shape: target.shape, values: dt)]
    }
  }
}

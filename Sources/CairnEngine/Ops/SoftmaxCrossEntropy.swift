import Foundation

extension Tensor {
  /// Row-wise log-softmax of a [N, K] tensor: y_ij = x_ij − log Σ_k exp(x_ik).
  ///
  /// Gradient: dx_ij = g_ij − softmax(x)_ij · Σ_k g_ik.
  public func logSoftmax() -> Tensor {
    precondition(shape.count == 2, "logSoftmax needs [N, K], shape is \(shape)")
    let (rows, columns) = (shape[0], shape[1])
    let output = Tensor(zeros: shape)
    withValues { x in
      output.withMutableValues { y in
        for r in 0..<rows {
          let row = r * columns
          var maximum = -Float.infinity
          for c in 0..<columns { maximum = max(maximum, x[row + c]) }
          var total = 0.0
          for c in 0..<columns { total += Foundation.exp(Double(x[row + c] - maximum)) }
          let logNormalizer = maximum + Float(Foundation.log(total))
          for c in 0..<columns { y[row + c] = x[row + c] - logNormalizer }
        }
      }
    }
    // no cycle
    let outputValues = Tensor(descriptor: output.descriptor, shape: shape, storage: output.storage)
    return Tensor.record("logSoftmax", output: output, inputs: [self]) { g in
      let gradInput = Tensor(zeros: self.shape)
      g.withValues { gv in
        outputValues.withValues { y in
          gradInput.withMutableValues { dx in
            for r in 0..<rows {
              let row = r * columns
              var total: Float = 0
              for c in 0..<columns { total += gv[row + c] }
              for c in 0..<columns {
                dx[row + c] = gv[row + c] - Foundation.exp(y[row + c]) * total
              }
            }
          }
        }
      }
      return [gradInput]
    }
  }

  /// Row-wise softmax of a [N, K] tensor, as plain values (max-subtracted for stability). Not tracked.
  public func rowSoftmax() -> [Float] {
    precondition(shape.count == 2, "a row softmax needs [N, K] values, shape is \(shape)")
    let (rows, columns) = (shape[0], shape[1])
    return [Float](unsafeUninitializedCapacity: rows * columns) { buffer, count in
      count = rows * columns
      withValues { x in
        for r in 0..<rows {
          let row = r * columns
          var maximum = -Float.infinity
          for c in 0..<columns { maximum = max(maximum, x[row + c]) }
          var total: Float = 0
          for c in 0..<columns {
            let e = Foundation.exp(x[row + c] - maximum)
            buffer[row + c] = e
            total += e
          }
          for c in 0..<columns { buffer[row + c] /= total }
        }
      }
    }
  }

  /// Mean cross-entropy of [N, K] logits against soft targets (N rows of K probabilities, each summing to 1; a
  /// teacher's detached softmax in distillation): −(1/N) Σ_n Σ_k t_nk · log softmax(x)_nk.
  /// Gradient: dx = g · (softmax(x) − t) / N.
  public func softCrossEntropy(targets: [Float]) -> Tensor {
    precondition(shape.count == 2, "cross-entropy needs [N, K] logits, shape is \(shape)")
    let (rows, columns) = (shape[0], shape[1])
    precondition(targets.count == rows * columns, "\(targets.count) targets for shape \(shape)")
    let probabilities = rowSoftmax()
    var loss = 0.0
    for i in 0..<(rows * columns) where targets[i] > 0 {
      loss -= Double(targets[i]) * Foundation.log(max(Double(probabilities[i]), 1e-45))
    }
    let output = Tensor(scalar: Float(loss / Double(rows)))
    return Tensor.record("softCrossEntropy", output: output, inputs: [self]) { g in
      let scale = g.item / Float(rows)
      let values = (0..<(rows * columns)).map { (probabilities[$0] - targets[$0]) * scale }
      return [Tensor(shape: self.shape, values: values)]
    }
  }

  /// Mean softmax cross-entropy of [N, K] logits against integer labels, with optional label smoothing ε.
  ///
  /// The target is (1 − ε)·onehot(label) + ε/K; loss = −(1/N) Σ_n Σ_k target_nk · log softmax(x)_nk.
  /// Gradient: dx = g · (softmax(x) − target) / N.
  public func softmaxCrossEntropy(labels: [Int32], labelSmoothing: Float = 0) -> Tensor {
    precondition(shape.count == 2, "cross-entropy needs [N, K] logits, shape is \(shape)")
    let (rows, columns) = (shape[0], shape[1])
    precondition(labels.count == rows, "\(labels.count) labels for \(rows) rows")
    precondition(labelSmoothing >= 0 && labelSmoothing < 1, "label smoothing must be in [0, 1)")
    let probabilities = rowSoftmax()
    let off = labelSmoothing / Float(columns)
    let on = 1 - labelSmoothing + off
    var loss = 0.0
    for r in 0..<rows {
      let label = Int(labels[r])
      precondition(label >= 0 && label < columns, "label \(label) out of range 0..<\(columns)")
      for c in 0..<columns {
        let target = c == label ? on : off
        if target > 0 {
          loss -=
            Double(target) * Foundation.log(max(Double(probabilities[r * columns + c]), 1e-45))
        }
      }
    }
    let output = Tensor(scalar: Float(loss / Double(rows)))
    return Tensor.record("softmaxCrossEntropy", output: output, inputs: [self]) { g in
      let scale = g.item / Float(rows)
      var values = probabilities
      for r in 0..<rows {
        for c in 0..<columns {
          let target = c == Int(labels[r]) ? on : off
          values[r * columns + c] = (values[r * columns + c] - target) * scale
        }
      }
      return [Tensor(shape: self.shape, values: values)]
    }
  }

  /// The index of the largest value in each row of a [N, K] tensor.
  public func argmaxRows() -> [Int32] {
    precondition(shape.count == 2, "argmaxRows needs [N, K], shape is \(shape)")
    let (rows, columns) = (shape[0], shape[1])
    return withValues { x in
      (0..<rows).map { r in
        var best = 0
        for c in 1..<columns where x[r * columns + c] > x[r * columns + best] { best = c }
        return Int32(best)
      }
    }
  }

  /// softplus_β(x) = log(1 + exp(βx)) / β, element-wise (a smooth hinge). Gradient: g · σ(βx).
  public func softplus(beta: Float = 1) -> Tensor {
    precondition(beta > 0, "softplus beta must be positive")
    let source = plain()
    let output = Tensor(zeros: shape)
    source.withValues { x in
      output.withMutableValues { y in
        for i in 0..<x.count {
          let z = beta * x[i]
          y[i] = (max(z, 0) + Foundation.log1p(Foundation.exp(-abs(z)))) / beta
        }
      }
    }
    return Tensor.record("softplus", output: output, inputs: [self]) { g in
      let gradInput = Tensor(zeros: self.shape)
      g.withValues { gv in
        source.withValues { x in
          gradInput.withMutableValues { dx in
            for i in 0..<x.count { dx[i] = gv[i] / (1 + Foundation.exp(-beta * x[i])) }
          }
        }
      }
      return [gradInput]
    }
  }
}

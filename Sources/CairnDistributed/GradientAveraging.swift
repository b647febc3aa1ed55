import CairnCore
import CairnEngine
import CairnTraining

extension Communicator {
  /// A gradient reducer for data-parallel training: replaces each parameter's gradient by its mean over all
  /// ranks, so that every rank takes the same optimizer step, the one the whole (global) batch would give.
  ///
  /// Parameters without a gradient (operations the step's path did not use) are skipped. Every rank must have
  /// drawn the same path, so first the ranks compare which parameters have gradients (a small signature,
  /// summed): ranks that disagree stop the step with an error rather than average gradients of different
  /// sub-networks. Then gradients travel in buckets of at most `bucketElements` floats, one allreduce each, in
  /// parameter order. A single process gets nil: nothing to reduce.
  public func gradientAveraging(bucketElements: Int = 1 << 20) -> GradientReducer? {
    guard size > 1 else { return nil }
    return { [self] parameters throws(CairnError) in
      try checkSamePath(parameters)
      averageInBuckets(parameters.compactMap(\.grad), bucketElements: bucketElements)
    }
  }

  /// An outcome reducer for data-parallel training: the whole batch's loss (the mean of the ranks' shard
  /// means) and its counts (sums), the same on every rank; a non-finite loss anywhere is non-finite everywhere.
  /// A single process gets nil.
  public func outcomeCombining() -> OutcomeReducer? {
    guard size > 1 else { return nil }
    return { [self] outcome in
      var values = [
        Float(outcome.loss), Float(outcome.auxiliaryLoss), Float(outcome.correct ?? 0),
        Float(outcome.images), Float(outcome.imagesProcessed),
      ]
      values.withUnsafeMutableBufferPointer { sum($0) }
      var combined = outcome
      combined.loss = Double(values[0]) / Double(size)
      combined.auxiliaryLoss = Double(values[1]) / Double(size)
      combined.correct = outcome.correct.map { _ in Int(values[2]) }
      combined.images = Int(values[3])
      combined.imagesProcessed = Int(values[4])
      return combined
    }
  }

  /// Throws unless every rank has gradients for the same parameters, of the same sizes.
  func checkSamePath(_ parameters: [Tensor]) throws(CairnError) {
    let signature = Self.pathSignature(parameters)
    var summed = signature
    summed.withUnsafeMutableBufferPointer { sum($0) }
    guard zip(summed, signature).allSatisfy({ $0 == $1 * Float(size) }) else {
      throw .failure(
        "data-parallel ranks drew different sub-networks for one step (rank \(rank)'s signature \(signature), "
          + "the sum over \(size) ranks \(summed)); every rank must sample the same path")
    }
  }

  /// Which parameters have gradients, as three small whole numbers that floats sum exactly over up to 256
  /// ranks: how many, a checksum of their positions and one of their sizes (both mod 65,521).
  static func pathSignature(_ parameters: [Tensor]) -> [Float] {
    let prime = 65_521
    var count = 0
    var positions = 0
    var sizes = 0
    for (position, parameter) in parameters.enumerated() {
      guard let gradient = parameter.grad else { continue }
      count += 1
      positions = (positions * 31 + position + 1) % prime
      sizes = (sizes * 31 + gradient.elementCount % prime) % prime
    }
    return [Float(count % prime), Float(positions), Float(sizes)]
  }

  /// Sums the gradients over all ranks bucket by bucket and divides them by the rank count.
  private func averageInBuckets(_ gradients: [Tensor], bucketElements: Int) {
    let scale = 1 / Float(size)
    var bucket: [Float] = []
    var members: [Tensor] = []
    func flush() {
      bucket.withUnsafeMutableBufferPointer { sum($0) }
      var offset = 0
      for gradient in members {
        gradient.withMutableValues { values in
          for i in 0..<values.count { values[i] = bucket[offset + i] * scale }
          offset += values.count
        }
      }
      bucket.removeAll(keepingCapacity: true)
      members.removeAll(keepingCapacity: true)
    }
    for gradient in gradients {
      if !bucket.isEmpty && bucket.count + gradient.elementCount > bucketElements { flush() }
      gradient.withValues { bucket.append(contentsOf: $0) }
      members.append(gradient)
    }
    if !bucket.isEmpty { flush() }
  }
}

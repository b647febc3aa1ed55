import CairnCore
import CairnSpaces

extension ChoiceEncoding {
  /// The number of distinct choice lists, Π s_d over the decisions, or nil when it exceeds `Int.max`. Not every
  /// list need be a valid architecture, so this bounds the number of distinct valid ones from above.
  public var choiceListCount: Int? {
    var product = 1
    for size in decisionSizes {
      let (next, overflow) = product.multipliedReportingOverflow(by: max(size, 0))
      if overflow { return nil }
      product = next
    }
    return product
  }

  /// `count` architectures drawn with `sample(using:)`, distinct by `choices(of:)`, in draw order (a repeated
  /// draw is dropped).
  ///
  /// Throws `CairnError.invalidInput` when the space has fewer than `count` choice lists, or when `maximumDraws`
  /// draws (100 per architecture by default) have not supplied `count` distinct ones.
  public func sampleDistinct(
    _ count: Int, maximumDraws: Int? = nil, using random: inout RandomStream
  ) throws(CairnError) -> [Architecture] {
    guard count >= 0 else {
      throw .invalidInput("cannot draw \(count) architectures from \(name)")
    }
    if let available = choiceListCount, count > available {
      throw .invalidInput(
        "\(name) has \(available) distinct architectures at most, fewer than the \(count) asked for"
      )
    }
    let (product, overflow) = count.multipliedReportingOverflow(by: 100)
    let limit = maximumDraws ?? (overflow ? Int.max : product)
    var seen: Set<[Int]> = []
    var result: [Architecture] = []
    result.reserveCapacity(count)
    var draws = 0
    while result.count < count {
      guard draws < limit else {
        throw .invalidInput(
          "\(name) supplied only \(result.count) distinct architectures in \(draws) draws, fewer than the \(count) asked for"
        )
      }
      draws += 1
      let architecture = sample(using: &random)
      if seen.insert(choices(of: architecture)).inserted { result.append(architecture) }
    }
    return result
  }
}

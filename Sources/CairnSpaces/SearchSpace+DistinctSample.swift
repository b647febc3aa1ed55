import CairnCore

extension SearchSpace {
  /// `count` architectures drawn with the space's own sampler, distinct by `identity(of:)`, in draw order: each draw
  /// whose identity was already drawn is discarded and drawn again. The same `random` state gives the same list.
  ///
  /// Throws `CairnError.invalidInput` when `count` is negative, when the space is finite (`FiniteSearchSpace`) and
  /// has fewer than `count` architectures, or when `maximumMisses` draws in a row repeat an identity (a space with
  /// fewer distinct networks than asked for). Expected O(count) draws while `count` is small beside the space.
  public func distinctSample(
    _ count: Int, using random: inout RandomStream, maximumMisses: Int = 100_000
  ) throws(CairnError) -> [Architecture] {
    guard count >= 0 else {
      throw .invalidInput("cannot sample \(count) architectures; the count must be 0 or more")
    }
    if let finite = self as? any FiniteSearchSpace, count > finite.count {
      throw .invalidInput(
        "cannot sample \(count) distinct architectures: the \(name) space has only \(finite.count)")
    }
    var seen: Set<String> = []
    var sample: [Architecture] = []
    sample.reserveCapacity(count)
    var misses = 0
    while sample.count < count {
      let architecture = self.sample(using: &random)
      guard seen.insert(identity(of: architecture)).inserted else {
        misses += 1
        guard misses < maximumMisses else {
          throw .invalidInput(
            "cannot sample \(count) distinct architectures of \(name): found only \(sample.count) "
              + "before \(maximumMisses) draws in a row repeated one")
        }
        continue
      }
      misses = 0
      sample.append(architecture)
    }
    return sample
  }
}

import CairnCore

/// The architectures of a space that a benchmark lists (those with known ground truth), as a finite space.
///
/// Landmark selection, evaluation pools and searches that must stay where ground truth exists (the NB101 subset
/// Cairn ships, a built benchmark) work in this space. Architectures are returned in their listed form, and two
/// forms of one network (same `identity`) count as the same listed architecture. `mutate` draws from the base space's
/// mutation law until it hits a listed architecture (after `maximumRedraws` misses: a uniformly drawn listed
/// neighbour, or the parent). `sample` follows `sampling`: the base space's sampler redrawn until it hits a listed
/// architecture (the right law when every architecture is listed, as for NB201, where it behaves exactly like the
/// base space), or uniform over the list (for a subset, whose small cells the base sampler would favour).
public struct KnownArchitectures<Base: ChoiceEncoding>: FiniteSearchSpace, ChoiceEncoding {
  public typealias Architecture = Base.Architecture

  public let base: Base
  /// The listed architectures, in listing order.
  public let architectures: [Architecture]
  private let positionByIdentity: [String: Int]
  /// The listed forms by value: a listed architecture is found without computing its identity.
  private let positionByArchitecture: [Architecture: Int]
  /// Redraws before `sample` and `mutate` fall back to a direct draw.
  public var maximumRedraws = 1000
  /// How `sample` draws.
  public var sampling: SamplingLaw = .base

  /// How `KnownArchitectures.sample` draws.
  public enum SamplingLaw: Hashable, Sendable {
    /// The base space's sampler, redrawn until the draw is listed.
    case base
    /// Uniform over the listed architectures.
    case listed
  }

  /// Lists `architectures` of `base`; throws when one is listed twice (by identity) or is not valid in `base`.
  /// `identities`, when given, are the architectures' `base.identity(of:)` in order (a benchmark's stored hashes),
  /// which saves computing them.
  public init(_ base: Base, architectures: [Architecture], identities: [String]? = nil)
    throws(CairnError)
  {
    if let identities, identities.count != architectures.count {
      throw .invalidInput(
        "\(identities.count) identities were given for \(architectures.count) architectures")
    }
    var positions: [String: Int] = [:]
    for (position, architecture) in architectures.enumerated() {
      guard base.isValid(architecture) else {
        throw .invalidInput(
          "listed architecture \(base.format(architecture)) is not valid in \(base.name)")
      }
      let key = identities?[position] ?? base.identity(of: architecture)
      if positions[key] != nil {
        throw .invalidInput("architecture \(base.format(architecture)) is listed twice")
      }
      positions[key] = position
    }
    self.base = base
    self.architectures = architectures
    positionByIdentity = positions
    var byValue: [Architecture: Int] = [:]
    for (position, architecture) in architectures.enumerated() where byValue[architecture] == nil {
      byValue[architecture] = position
    }
    positionByArchitecture = byValue
  }

  public var name: String { base.name }
  public var count: Int { architectures.count }
  public var decisions: [Decision] { base.decisions }

  /// The listed form of `architecture`, or nil when it is not listed.
  public func listed(_ architecture: Architecture) -> Architecture? {
    position(of: architecture).map { architectures[$0] }
  }

  /// The position of `architecture` (in any form) in the listing, or nil when it is not listed.
  public func position(of architecture: Architecture) -> Int? {
    positionByArchitecture[architecture] ?? positionByIdentity[base.identity(of: architecture)]
  }

  public func isValid(_ architecture: Architecture) -> Bool {
    base.isValid(architecture) && listed(architecture) != nil
  }

  public func sample(using random: inout RandomStream) -> Architecture {
    if sampling == .listed { return random.element(of: architectures) }
    for _ in 0..<maximumRedraws {
      if let hit = listed(base.sample(using: &random)) { return hit }
    }
    return random.element(of: architectures)
  }

  public func mutate(_ architecture: Architecture, using random: inout RandomStream) -> Architecture
  {
    for _ in 0..<maximumRedraws {
      if let hit = listed(base.mutate(architecture, using: &random)) { return hit }
    }
    let near = neighbors(of: architecture)
    return near.isEmpty ? architecture : random.element(of: near)
  }

  public func neighbors(of architecture: Architecture) -> [Architecture] {
    base.neighbors(of: architecture).compactMap(listed)
  }

  public func encode(_ architecture: Architecture) -> [Int] { base.encode(architecture) }
  public func format(_ architecture: Architecture) -> String { base.format(architecture) }
  public func identity(of architecture: Architecture) -> String { base.identity(of: architecture) }
  public func choices(of architecture: Architecture) -> [Int] { base.choices(of: architecture) }

  /// The listed architecture making `choices`; throws when the choices are invalid or the result is not listed.
  public func architecture(choices: [Int]) throws(CairnError) -> Architecture {
    let made = try base.architecture(choices: choices)
    guard let hit = listed(made) else {
      throw .invalidInput("architecture \(base.format(made)) is not listed")
    }
    return hit
  }

  /// Parses with the base space; throws when the architecture is not listed.
  public func parse(_ text: String) throws(CairnError) -> Architecture {
    let parsed = try base.parse(text)
    guard let hit = listed(parsed) else {
      throw .invalidInput("architecture \(text) is not listed (no ground truth is known for it)")
    }
    return hit
  }

  public func architecture(at index: Int) throws(CairnError) -> Architecture {
    guard architectures.indices.contains(index) else {
      throw .invalidInput("index \(index) is outside 0..<\(count)")
    }
    return architectures[index]
  }

  public func index(of architecture: Architecture) throws(CairnError) -> Int {
    guard let position = position(of: architecture) else {
      throw .invalidInput("architecture \(base.format(architecture)) is not listed")
    }
    return position
  }

  public func allArchitectures() throws(CairnError) -> [Architecture] { architectures }
}

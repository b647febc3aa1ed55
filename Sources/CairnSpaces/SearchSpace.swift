import CairnCore

/// A space of architectures that search strategies can sample, mutate and compare.
///
/// `sample`, `mutate` and `neighbors` return only architectures that pass `isValid`. Every random draw comes
/// from the `RandomStream` passed in, so a seed reproduces a search exactly.
public protocol SearchSpace: Sendable {
  /// One point of the space.
  associatedtype Architecture: Hashable & Codable & Sendable

  /// A short lowercase name, such as `nb201`.
  var name: String { get }

  /// Whether `architecture` belongs to the space under its current settings.
  func isValid(_ architecture: Architecture) -> Bool

  /// A random valid architecture.
  func sample(using random: inout RandomStream) -> Architecture

  /// A random valid architecture near `architecture`, drawn by the space's mutation law.
  func mutate(_ architecture: Architecture, using random: inout RandomStream) -> Architecture

  /// Every valid architecture one elementary change away from `architecture`, in a fixed order.
  func neighbors(of architecture: Architecture) -> [Architecture]

  /// A fixed-length vector of small integers describing `architecture`; Hamming distance is taken on it.
  func encode(_ architecture: Architecture) -> [Int]

  /// Reads an architecture from its textual form; throws `CairnError.invalidInput` naming the bad text.
  func parse(_ text: String) throws(CairnError) -> Architecture

  /// The textual form that `parse` reads back.
  func format(_ architecture: Architecture) -> String

  /// A key equal for two architectures exactly when they are the same network (NB101: the module hash, so that
  /// isomorphic and unpruned forms of one cell agree); the textual form by default.
  func identity(of architecture: Architecture) -> String

  /// Why `architecture` is not in the space under its current settings, or nil when it is (`isValid`).
  func problem(with architecture: Architecture) -> String?
}

extension SearchSpace {
  public func identity(of architecture: Architecture) -> String { format(architecture) }

  public func problem(with architecture: Architecture) -> String? {
    isValid(architecture) ? nil : "it is not a valid \(name) architecture"
  }
}

extension SearchSpace {
  /// The number of positions at which the encodings of `a` and `b` differ.
  public func hammingDistance(_ a: Architecture, _ b: Architecture) -> Int {
    let x = encode(a)
    let y = encode(b)
    precondition(x.count == y.count, "encodings of one space must have one length")
    return zip(x, y).reduce(0) { $0 + ($1.0 == $1.1 ? 0 : 1) }
  }
}

/// A search space whose architectures are listed in a fixed, official order.
public protocol FiniteSearchSpace: SearchSpace {
  /// The number of listed architectures.
  var count: Int { get }

  /// The architecture at `index`; throws `CairnError.invalidInput` naming the index when it is out of range.
  func architecture(at index: Int) throws(CairnError) -> Architecture

  /// The official index of `architecture`; throws when it is not listed.
  func index(of architecture: Architecture) throws(CairnError) -> Int

  /// All listed architectures in index order.
  func allArchitectures() throws(CairnError) -> [Architecture]
}

extension FiniteSearchSpace {
  public func allArchitectures() throws(CairnError) -> [Architecture] {
    var result: [Architecture] = []
    result.reserveCapacity(count)
    for index in 0..<count { result.append(try architecture(at: index)) }
    return result
  }
}

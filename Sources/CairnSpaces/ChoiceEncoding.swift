import CairnCore

/// What one decision of an architecture chooses: an operation (FairNAS balances these across its paths) or a
/// connection of the cell's graph.
public enum DecisionKind: String, Codable, Hashable, Sendable {
  case operation
  case connection
}

/// One decision of a space's choice encoding: how many options it has and what it decides.
public struct Decision: Codable, Hashable, Sendable, CustomStringConvertible {
  /// The number of options, chosen by ids `0..<size`.
  public var size: Int
  public var kind: DecisionKind
  /// A short name for messages and reports, such as `edge 2<-1` or `vertex 3`.
  public var name: String
  /// The options' names in id order (such as the ops of an edge), or empty when they have none.
  public var options: [String]

  public init(size: Int, kind: DecisionKind, name: String, options: [String] = []) {
    self.size = size
    self.kind = kind
    self.name = name
    self.options = options
  }

  /// The name of option `id`: its own, else `option <id>`.
  public func optionName(_ id: Int) -> String {
    options.indices.contains(id) ? options[id] : "option \(id)"
  }

  public var description: String { "\(name) (\(size) \(kind.rawValue) options)" }
}

/// A search space whose architectures are a fixed-length list of small integer choices.
///
/// The encoding is what the generic machinery works on: FairNAS balances the `operation` decisions across its
/// paths, GDAS and DARTS keep one α vector per decision, NAO reads and writes the choices as tokens, and Hamming
/// distance and mutation count changed choices. `choices(of:)` and `architecture(choices:)` are inverses on
/// valid architectures.
public protocol ChoiceEncoding: SearchSpace {
  /// The decisions, in encoding order.
  var decisions: [Decision] { get }

  /// The choice of every decision for `architecture`.
  func choices(of architecture: Architecture) -> [Int]

  /// The architecture making `choices`; throws `CairnError.invalidInput` when the list has the wrong length, a
  /// choice is out of range, or the architecture is not valid in the space.
  func architecture(choices: [Int]) throws(CairnError) -> Architecture
}

extension ChoiceEncoding {
  /// The sizes of the decisions, in encoding order.
  public var decisionSizes: [Int] { decisions.map(\.size) }

  /// Checks that `choices` has one in-range choice per decision; throws naming the first problem.
  public func checkChoices(_ choices: [Int]) throws(CairnError) {
    guard choices.count == decisions.count else {
      throw .invalidInput(
        "\(name) needs \(decisions.count) choices, got \(choices.count)")
    }
    for (decision, choice) in zip(decisions, choices) where !(0..<decision.size).contains(choice) {
      throw .invalidInput(
        "\(name) choice \(choice) for \(decision.name) is outside 0..<\(decision.size)")
    }
  }

  /// The number of decisions on which `a` and `b` differ.
  public func choiceDistance(_ a: Architecture, _ b: Architecture) -> Int {
    zip(choices(of: a), choices(of: b)).reduce(0) { $0 + ($1.0 == $1.1 ? 0 : 1) }
  }
}

import CairnCore
import Yams

/// Parses YAML for Cairn's configuration readers, refusing two kinds of document that Yams would crash on or
/// expand without bound: a mapping key that is not plain text (`? {a: 1}`, `? [x]`; Yams traps constructing
/// it), and a document whose aliases expand to more than `nodeLimit` nodes (a "billion laughs" file of a few
/// hundred bytes that every walk of the tree would take hours over).
public enum YAMLDocument {
  /// The most nodes a document may have once its aliases are expanded; real configurations have hundreds.
  public static let nodeLimit = 1_000_000

  /// The document of `text` (nil for an empty one); errors name `path`.
  public static func compose(_ text: String, path: String) throws(CairnError) -> Node? {
    let node: Node?
    do {
      node = try Yams.compose(yaml: text)
    } catch {
      throw .invalidFile(path: path, problem: "not valid YAML (\(error))")
    }
    guard let node else { return nil }
    var budget = nodeLimit
    if let problem = firstProblem(in: node, budget: &budget) {
      throw .invalidFile(path: path, problem: problem)
    }
    return node
  }

  /// The document of `text` as Swift values (`[AnyHashable: Any]`, `[Any]`, scalars), as `Yams.load` gives them.
  public static func load(_ text: String, path: String) throws(CairnError) -> Any? {
    try compose(text, path: path)?.any
  }

  /// What makes `node` unreadable, if anything: a key that is not plain text, or more nodes than `budget`
  /// (which the walk spends, visiting each aliased subtree as often as it is used).
  private static func firstProblem(in node: Node, budget: inout Int) -> String? {
    budget -= 1
    if budget < 0 {
      return "expands to more than \(nodeLimit) YAML nodes (aliases of aliases?)"
    }
    switch node {
    case .scalar:
      return nil
    case .alias:
      return "an unresolved alias"
    case .sequence(let sequence):
      for item in sequence {
        if let problem = firstProblem(in: item, budget: &budget) { return problem }
      }
      return nil
    case .mapping(let mapping):
      for (key, value) in mapping {
        guard key.scalar != nil else {
          let kind = key.mapping != nil ? "a mapping" : "a list"
          return "a mapping key must be plain text, not \(kind)"
        }
        if let problem = firstProblem(in: value, budget: &budget) { return problem }
      }
      return nil
    }
  }
}

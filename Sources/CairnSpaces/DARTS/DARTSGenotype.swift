import CairnCore

/// A DARTS architecture: a normal cell and a reduction cell, written as the DARTS code's `Genotype(...)`.
public struct DARTSGenotype: Hashable, Codable, Sendable, CustomStringConvertible {
  public let normal: DARTSCell
  public let reduce: DARTSCell

  public init(normal: DARTSCell, reduce: DARTSCell) {
    self.normal = normal
    self.reduce = reduce
  }

  /// The DARTS code's text: `Genotype(normal=[('sep_conv_3x3', 0), …], normal_concat=[2, 3, 4, 5], reduce=[…],
  /// reduce_concat=[2, 3, 4, 5])`.
  public var description: String {
    func edges(_ cell: DARTSCell) -> String {
      "[" + cell.edges.map { "('\($0.op.rawValue)', \($0.input))" }.joined(separator: ", ") + "]"
    }
    func nodes(_ list: [Int]) -> String {
      "[" + list.map(String.init).joined(separator: ", ") + "]"
    }
    return "Genotype(normal=\(edges(normal)), normal_concat=\(nodes(normal.concat)), "
      + "reduce=\(edges(reduce)), reduce_concat=\(nodes(reduce.concat)))"
  }
}

/// How an NB201 mutation chooses the edge it changes. Either way the edge gets a different op, uniformly
/// among the other four, so the child differs from its parent on exactly one edge.
public enum NB201MutationLaw: String, CaseIterable, Codable, Sendable {
  /// The law of the benchmark's regularized evolution: a node uniformly among nodes 1, 2, 3, then one of its
  /// incoming edges uniformly. Edge probabilities are 1/3, 1/6, 1/6, 1/9, 1/9, 1/9 in canonical order.
  case official
  /// One of the six edges uniformly.
  case uniformEdge = "uniform_edge"
}

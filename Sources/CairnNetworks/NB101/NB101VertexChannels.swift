import CairnSpaces

/// The channels of every vertex of an NB101 cell, by NAS-Bench-101's `compute_vertex_channels` rule.
///
/// For a pruned cell of n vertices with C_in input and C_out output channels: vertex 0 has C_in and vertex n − 1
/// has C_out. The K interior vertices that feed the output share C_out: each gets ⌊C_out / K⌋, and the first
/// C_out mod K of them (lowest-numbered first) one more, so their concatenation has C_out channels. Going
/// backwards, every other interior vertex takes the largest channel count among its interior successors. The
/// input→output edge does not count in K (it adds a projection to the output instead). A 2-vertex cell has
/// only [C_in, C_out].
///
/// Channels never grow along an edge between interior vertices, so a vertex's input from another vertex is that
/// vertex's output truncated to its first channels. A vertex gets 0 channels only in an unpruned cell (a vertex
/// that reaches no output) or when C_out < K; networks reject widths below
/// `maximumOutputInDegree` at construction.
public struct NB101VertexChannels: Hashable, Sendable {
  /// The most interior vertices that can feed the output of an NB101 cell (all five of a 7-vertex cell).
  public static let maximumOutputInDegree = NB101Architecture.maxVertexCount - 2

  /// The channels of each vertex, [C_in, c_1, …, c_{n−2}, C_out].
  public let channels: [Int]

  /// The channels of the vertices of `cell` (pruned, as the benchmark builds it) in a module mapping
  /// `inputChannels` to `outputChannels`.
  public init(cell: NB101Architecture, inputChannels: Int, outputChannels: Int) {
    let n = cell.vertexCount
    var channels = [Int](repeating: 0, count: n)
    channels[0] = inputChannels
    channels[n - 1] = outputChannels
    let inDegree = Self.outputInDegree(of: cell)
    if n > 2 && inDegree > 0 {
      var correction = outputChannels % inDegree
      for v in 1..<(n - 1) where cell.hasEdge(from: v, to: n - 1) {
        channels[v] = outputChannels / inDegree + (correction > 0 ? 1 : 0)
        correction = max(correction - 1, 0)
      }
      for v in stride(from: n - 3, through: 1, by: -1) where !cell.hasEdge(from: v, to: n - 1) {
        for successor in (v + 1)..<(n - 1) where cell.hasEdge(from: v, to: successor) {
          channels[v] = max(channels[v], channels[successor])
        }
      }
    }
    self.channels = channels
  }

  /// Every width an interior vertex can have in a module of `outputChannels` outputs, ascending: ⌊C_out / K⌋ and,
  /// when K does not divide C_out, ⌊C_out / K⌋ + 1, for K = 1…5 (widths below 1 left out).
  public static func possibleWidths(outputChannels: Int) -> [Int] {
    var widths = Set<Int>()
    for k in 1...maximumOutputInDegree {
      let share: Int = outputChannels / k
      widths.insert(share)
      if outputChannels % k != 0 { widths.insert(share + 1) }
    }
    return widths.filter { $0 > 0 }.sorted()
  }

  /// The channels of vertex `vertex`.
  public subscript(vertex: Int) -> Int { channels[vertex] }

  /// The number of interior vertices with an edge to the output (the input→output edge does not count).
  public static func outputInDegree(of cell: NB101Architecture) -> Int {
    let output = cell.vertexCount - 1
    return (1..<max(output, 1)).filter { cell.hasEdge(from: $0, to: output) }.count
  }
}

import CairnSpaces

/// How the interior vertices of an NB101 super-net choose their channels.
public enum NB101ChannelMode: Codable, Hashable, Sendable {
  /// NAS-Bench-101's rule per cell (`NB101VertexChannels`): every vertex holds weights at the module's output
  /// width and runs on their leading c_v channels (the landmark code's `fixed_chunk` dynamic channels).
  case dynamic
  /// Every interior vertex runs at C_out / K channels, with weights of exactly that width (no slicing). Only
  /// cells whose output has K interior predecessors fit (`NB101Network.fits(_:outputInDegree:)`); a sampler
  /// must draw from those.
  case fixed(outputInDegree: Int)

  /// The channels of each vertex of a pruned `cell` in a module mapping `input` to `output` channels.
  func vertexChannels(of cell: NB101Architecture, input: Int, output: Int) -> [Int] {
    switch self {
    case .dynamic:
      return NB101VertexChannels(cell: cell, inputChannels: input, outputChannels: output).channels
    case .fixed(let k):
      precondition(
        NB101VertexChannels.outputInDegree(of: cell) == k,
        "cell \(cell) does not have \(k) interior vertices feeding its output; "
          + "a fixed-channel super-net runs only cells that fit (NB101Network.fits)")
      return [input] + [Int](repeating: output / k, count: cell.vertexCount - 2) + [output]
    }
  }
}

/// How many of an architecture's operations are skip connections and how many have no parameters (skips,
/// pooling, zero): the signature of differentiable NAS's collapse onto parameter-free cells.
public struct OperationCensus: Codable, Hashable, Sendable, CustomStringConvertible {
  /// Identity edges.
  public var skipConnections: Int
  /// Operations without weights: skips, pooling and zero (`none`) edges.
  public var parameterFree: Int
  /// All operations counted (every edge of the cell or cells).
  public var operations: Int

  public init(skipConnections: Int, parameterFree: Int, operations: Int) {
    self.skipConnections = skipConnections
    self.parameterFree = parameterFree
    self.operations = operations
  }

  /// "2 skip connections, 4 of 6 operations parameter-free".
  public var description: String {
    "\(skipConnections) skip connection\(skipConnections == 1 ? "" : "s"), "
      + "\(parameterFree) of \(operations) operations parameter-free"
  }
}

/// A space whose architectures are made of operations that can be counted (`OperationCensus`).
public protocol OperationCounting: SearchSpace {
  /// The census of `architecture`'s operations.
  func census(of architecture: Architecture) -> OperationCensus
}

extension NB201Space: OperationCounting {
  /// Over the cell's six edges; `none`, `skip_connect` and `avg_pool_3x3` have no parameters.
  public func census(of architecture: NB201Architecture) -> OperationCensus {
    let ops = architecture.ops
    return OperationCensus(
      skipConnections: ops.filter { $0 == .skipConnect }.count,
      parameterFree: ops.filter { [.none, .skipConnect, .avgPool3x3].contains($0) }.count,
      operations: ops.count)
  }
}

extension DARTSSpace: OperationCounting {
  /// Over both cells' eight edges; `none`, `skip_connect` and the two poolings have no parameters.
  public func census(of architecture: DARTSGenotype) -> OperationCensus {
    let ops = (architecture.normal.edges + architecture.reduce.edges).map(\.op)
    return OperationCensus(
      skipConnections: ops.filter { $0 == .skipConnect }.count,
      parameterFree: ops.filter { [.none, .skipConnect, .maxPool3x3, .avgPool3x3].contains($0) }
        .count,
      operations: ops.count)
  }
}

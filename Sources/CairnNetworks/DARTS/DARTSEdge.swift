import CairnCore
import CairnEngine
import CairnSpaces

/// One edge of a DARTS cell: a module for each candidate op that has weights, at the edge's stride (2 on the
/// edges of a reduction cell that read the cell's inputs, else 1).
///
/// A stand-alone network's edge holds its one op; a super-net edge holds all seven ops but `none`, shared by every
/// architecture that chooses them. Ops as the DARTS code's `OPS` builds them: `none` is zero, `skip_connect` the
/// identity (stride 1) or `FactorizedReduce` (stride 2), pooling 3×3 with padding 1 (average pooling excludes the
/// padding), `sep_conv_k×k` a `SepConv`, `dil_conv_k×k` a `DilConv`. In a super-net, pooling is followed by a batch
/// norm without affine parameters, as DARTS's search `MixedOp` does.
public final class DARTSEdge: Module {
  /// The ops this edge can run.
  public let candidates: [DARTSOp]
  public let stride: Int
  public let sepConv3x3: SepConv?
  public let sepConv5x5: SepConv?
  public let dilConv3x3: DilConv?
  public let dilConv5x5: DilConv?
  /// `skip_connect` at stride 2.
  public let skipReduce: FactorizedReduce?
  /// Batch norms after max and average pooling (super-nets only).
  public let maxPoolNorm: BatchNorm?
  public let avgPoolNorm: BatchNorm?

  /// An edge of `channels` channels for `candidates`; `poolNorm` gives the batch norm that follows pooling, nil
  /// for none.
  public init(
    channels: Int, stride: Int, candidates: [DARTSOp], batchNorm: BatchNormOptions,
    poolNorm: BatchNormOptions?, random: inout RandomStream
  ) {
    self.candidates = candidates
    self.stride = stride
    func has(_ op: DARTSOp) -> Bool { candidates.contains(op) }
    func sep(_ op: DARTSOp, _ k: Int, _ random: inout RandomStream) -> SepConv? {
      has(op)
        ? SepConv(
          channels: channels, kernel: k, stride: stride, batchNorm: batchNorm, random: &random)
        : nil
    }
    func dil(_ op: DARTSOp, _ k: Int, _ random: inout RandomStream) -> DilConv? {
      has(op)
        ? DilConv(
          channels: channels, kernel: k, stride: stride, batchNorm: batchNorm, random: &random)
        : nil
    }
    sepConv3x3 = sep(.sepConv3x3, 3, &random)
    sepConv5x5 = sep(.sepConv5x5, 5, &random)
    dilConv3x3 = dil(.dilConv3x3, 3, &random)
    dilConv5x5 = dil(.dilConv5x5, 5, &random)
    skipReduce =
      has(.skipConnect) && stride == 2
      ? FactorizedReduce(channels, channels, batchNorm: batchNorm, random: &random) : nil
    maxPoolNorm = has(.maxPool3x3) ? poolNorm?.make(channels) : nil
    avgPoolNorm = has(.avgPool3x3) ? poolNorm?.make(channels) : nil
  }

  /// Whether `op` runs as the identity here (DARTS applies no drop-path to it).
  public func isIdentity(_ op: DARTSOp) -> Bool { op == .skipConnect && stride == 1 }

  /// The edge's output for `op`, or nil for `none` (the zero op adds nothing to a node's sum; every edge runs it).
  /// Convolutional ops take ReLU(x) from `activated`, computing and storing it there when it is nil, so that the
  /// ops reading one node share one ReLU.
  public func callAsFunction(_ x: Tensor, op: DARTSOp, activated: inout Tensor?) -> Tensor? {
    precondition(
      op == .none || candidates.contains(op),
      "edge has no module for \(op); candidates are \(candidates)")
    func relu(_ activated: inout Tensor?) -> Tensor {
      let result = activated ?? x.relu()
      activated = result
      return result
    }
    switch op {
    case .none: return nil
    case .skipConnect: return skipReduce.map { $0(activated: relu(&activated)) } ?? x
    case .maxPool3x3: return pooled(x, .max, norm: maxPoolNorm)
    case .avgPool3x3: return pooled(x, .average, norm: avgPoolNorm)
    case .sepConv3x3: return sepConv3x3?(activated: relu(&activated))
    case .sepConv5x5: return sepConv5x5?(activated: relu(&activated))
    case .dilConv3x3: return dilConv3x3?(activated: relu(&activated))
    case .dilConv5x5: return dilConv5x5?(activated: relu(&activated))
    }
  }

  private func pooled(_ x: Tensor, _ kind: PoolingKind, norm: BatchNorm?) -> Tensor {
    let y = pool2d(x, kind, kernel: 3, stride: stride, padding: 1)
    return norm.map { $0(y) } ?? y
  }
}

/// Whether the ops Cairn has its own loops for (fused node sums in `batchNormSum`, ReLU's backward pass, 3×3
/// average pooling) run them, as they do by default, or fall back to oneDNN's primitives alone. Both give the same
/// results to rounding; benchmarks switch between them to measure the loops in one run.
@_spi(Benchmarks) public enum OwnKernels {
  @TaskLocal public static var areEnabled = true
}

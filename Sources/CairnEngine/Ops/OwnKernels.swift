/// Whether `batchNormSum` runs Cairn's fused loops over blocked memory, as it does by default, or oneDNN's batch
/// norms and additions. Both give the same results to rounding; benchmarks switch between them to measure the
/// fusion in one run (`cairn-bench nb201 … --kernels cairn|onednn`).
@_spi(Benchmarks) public enum OwnKernels {
  @TaskLocal public static var areEnabled = true
}

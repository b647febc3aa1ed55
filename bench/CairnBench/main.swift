// Micro-benchmarks (not part of the tests). Run:
//   swift run -c release cairn-bench conv [threads]   conv fwd / bwd-data / bwd-weights GFLOP/s beside sgemm peak
//   swift run -c release cairn-bench sgemm [threads]  the sgemm peak alone
//   swift run -c release cairn-bench tables           ground-truth table load/query time and memory, tau-b time
//   cairn-bench nb201 CASE --batch B --threads T ...  one NB201 workload as a JSON line (driven by bench/compare.py)
//   cairn-bench node [--profile]                      one NB201 node's fused batch-norm sum against the separate ops
// Timings are the median over 5 rounds of the mean of back-to-back calls (each round at least 0.1 s), after 2
// warm-up rounds, all in one run; the sgemm peak is the best round.
import CDNNL
import CairnBenchmarks
import CairnCore
import CairnEngine
import CairnRanking
import Foundation

/// Median (or with `best`, minimum) over 5 rounds of the mean time of back-to-back calls.
func seconds(best: Bool = false, _ body: () -> Void) -> Double {
  for _ in 0..<2 { body() }
  var rounds: [Double] = []
  for _ in 0..<5 {
    var calls = 0
    let start = DispatchTime.now().uptimeNanoseconds
    var elapsed = 0.0
    repeat {
      body()
      calls += 1
      elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
    } while elapsed < 0.1
    rounds.append(elapsed / Double(calls))
  }
  return best ? rounds.min()! : rounds.sorted()[rounds.count / 2]
}

/// Peak resident memory of this process so far, in MB.
func peakMemoryMB() -> Double {
  var usage = rusage()
  getrusage(RUSAGE_SELF.rawValue, &usage)
  return Double(usage.ru_maxrss) / 1024
}

func benchmarkTables() throws {
  let start = DispatchTime.now().uptimeNanoseconds
  let table = try BenchmarkTable.shippedNB201()
  var total = 0.0
  for index in 0..<table.count {
    total += try table.value(metric: "cifar10_test_acc_200ep", index: index)
  }
  let loadAndQuery = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
  print(
    String(
      format:
        "NB201 table: load + query all %d architectures: %.1f ms, peak RSS %.1f MB (checksum %.1f)",
      table.count, loadAndQuery * 1e3, peakMemoryMB(), total))
  let truth = try table.values(metric: "cifar10_test_acc_200ep")
  let other = try table.values(metric: "cifar10valid_val_acc_12ep")
  var tau: Double?
  let kendall = seconds { tau = kendallTauB(truth, other) }
  print(
    String(
      format: "Kendall tau-b of %d pairs: %.2f ms (tau %.4f)", truth.count, kendall * 1e3,
      tau ?? .nan))
  let nb101Start = DispatchTime.now().uptimeNanoseconds
  let nb101 = try BenchmarkTable.shippedNB101()
  print(
    String(
      format: "NB101 subset: load %d architectures: %.1f ms, peak RSS %.1f MB", nb101.count,
      Double(DispatchTime.now().uptimeNanoseconds - nb101Start) * 1e-6, peakMemoryMB()))
}

let arguments = Array(CommandLine.arguments.dropFirst())
let usage = """
  usage: cairn-bench conv [threads] | sgemm [threads] | tables | node [--profile] | nb201 CASE --archs FILE ...
    (see the comment at the top of bench/CairnBench/main.swift, and docs/PERFORMANCE.md)
  """
if let first = arguments.first, ["-h", "--help", "help"].contains(first) {
  print(usage)
  exit(0)
}
if let first = arguments.first, Int(first) == nil,
  !["conv", "sgemm", "tables", "node", "nb201"].contains(first)
{
  FileHandle.standardError.write(Data("cairn-bench: unknown command '\(first)'\n\(usage)\n".utf8))
  exit(2)
}
if arguments.first == "tables" {
  try benchmarkTables()
  exit(0)
}
if arguments.first == "node" {
  // One NB201 node's forward (batch statistics): two normalized convolution outputs and a skip, fused against
  // oneDNN's batch norms and additions, at each stage's shape.
  for shape in [[64, 16, 32, 32], [64, 32, 16, 16], [64, 64, 8, 8], [256, 16, 32, 32]] {
    var random = RandomStream(seed: 0, name: "node bench")
    let weight = Tensor(
      shape: [shape[1], 3, 1, 1], values: (0..<shape[1] * 3).map { _ in Float(random.normal()) })
    // convolution outputs in the channel-blocked layout a node's addends arrive in (an image-like input)
    func activation() -> Tensor {
      var input = shape
      input[1] = 3
      return conv2d(
        Tensor(shape: input, values: (0..<input.reduce(1, *)).map { _ in Float(random.normal()) }),
        weight: weight)
    }
    let (a, b, skip) = (activation(), activation(), activation())
    let gamma = Tensor(repeating: 1, shape: [shape[1]])
    let beta = Tensor(repeating: 0, shape: [shape[1]])
    let addends = [a, b].map { NormalizedAddend($0, scale: gamma, shift: beta) }
    let fused = seconds { _ = batchNormSum(addends, plus: [skip]) }
    if CommandLine.arguments.contains("--profile") {
      Profiler.isEnabled = true
      for _ in 0..<10 { _ = batchNormSum(addends, plus: [skip]) }
      Profiler.isEnabled = false
      print(Profiler.summary(top: 6).joined(separator: "\n"))
      Profiler.reset()
    }
    let separate = seconds {
      let normalized = [a, b].map {
        batchNorm($0, scale: gamma, shift: beta, statistics: .batch).output
      }
      _ = sum(normalized + [skip])
    }
    print(
      String(
        format: "node %@: fused %.3f ms, separate ops %.3f ms", "\(shape)", fused * 1e3,
        separate * 1e3))
  }
  exit(0)
}
if arguments.first == "nb201" {
  do {
    let workload = try NB201Workload(arguments: Array(arguments.dropFirst()))
    let (times, parameters) = workload.run()
    let json: [String: Any] = [
      "impl": "cairn", "case": workload.kind.rawValue, "batch": workload.batch,
      "threads": Engine.threadCount, "times": times, "parameters": parameters,
      "peak_rss_mb": peakMemoryMB(),
    ]
    if workload.profile {
      let total = times.reduce(0, +)
      let inPrimitives = Profiler.report.reduce(0) { $0 + $1.seconds }
      let header = String(
        format: "%.3f s timed, %.3f s (%.0f%%) in oneDNN primitives:", total, inPrimitives,
        100 * inPrimitives / total)
      let lines = [header] + Profiler.summary(of: total)
      FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }
    let line = try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])
    print(String(decoding: line, as: UTF8.self))
    exit(0)
  } catch {
    FileHandle.standardError.write(Data("cairn-bench: \(error)\n".utf8))
    exit(2)
  }
}
let threadArgument =
  ["conv", "sgemm"].contains(arguments.first) ? arguments.dropFirst().first : arguments.first
if let threads = threadArgument.flatMap({ Int($0) }) { Engine.setThreadCount(threads) }
print("oneDNN \(Engine.version), \(Engine.instructionSet), \(Engine.threadCount) threads")

// sgemm peak: oneDNN's own sgemm on 2048^3, row-major.
let n = 2048
var a = [Float](repeating: 0.5, count: n * n)
var b = [Float](repeating: 0.25, count: n * n)
var c = [Float](repeating: 0, count: n * n)
// The peak is the best round: a slow round here is the machine's noise, not sgemm's speed.
let gemm = seconds(best: true) {
  _ = dnnl_sgemm(
    CChar(UInt8(ascii: "N")), CChar(UInt8(ascii: "N")), Int64(n), Int64(n), Int64(n), 1, &a,
    Int64(n), &b, Int64(n), 0, &c, Int64(n))
}
let peak = 2 * pow(Double(n), 3) / gemm / 1e9
print(String(format: "sgemm %d^3: %.1f GFLOP/s (%.2f ms)", n, peak, gemm * 1e3))
if arguments.first == "sgemm" { exit(0) }
print("")
print(
  "| conv (batch 64) | precision | fwd GFLOP/s | bwd-data GFLOP/s | bwd-weights GFLOP/s | fwd+bwd GFLOP/s | % of sgemm peak | kernels |"
)
print("|---|---|---|---|---|---|---|---|")
let shapes: [(String, [Int], [Int], Conv2DGeometry)] = [
  ("3x3 16->16 @32", [64, 16, 32, 32], [16, 16, 3, 3], Conv2DGeometry(padding: 1)),
  ("3x3 32->32 @16", [64, 32, 16, 16], [32, 32, 3, 3], Conv2DGeometry(padding: 1)),
  ("3x3 64->64 @8", [64, 64, 8, 8], [64, 64, 3, 3], Conv2DGeometry(padding: 1)),
  ("1x1 16->16 @32", [64, 16, 32, 32], [16, 16, 1, 1], Conv2DGeometry()),
  ("1x1 32->32 @16", [64, 32, 16, 16], [32, 32, 1, 1], Conv2DGeometry()),
  ("1x1 64->64 @8", [64, 64, 8, 8], [64, 64, 1, 1], Conv2DGeometry()),
  ("3x3 s2 16->32 @32", [64, 16, 32, 32], [32, 16, 3, 3], Conv2DGeometry(stride: 2, padding: 1)),
  ("3x3 s2 32->64 @16", [64, 32, 16, 16], [64, 32, 3, 3], Conv2DGeometry(stride: 2, padding: 1)),
  ("stem 3x3 3->16 @32", [64, 3, 32, 32], [16, 3, 3, 3], Conv2DGeometry(padding: 1)),
]
// bf16 rows where the CPU has native bf16 kernels (the stem stays f32 either way).
let precisions: [ConvolutionPrecision] =
  Engine.supportsBFloat16 ? [.float32, .bfloat16] : [.float32]
for precision in precisions {
  for (name, input, weight, geometry) in shapes {
    let kernels = ConvolutionKernels(
      input: input, weight: weight, geometry: geometry, precision: precision)
    let f = seconds { kernels.forward() }
    let d = seconds { kernels.backwardData() }
    let w = seconds { kernels.backwardWeights() }
    let g = { (t: Double) in kernels.flops / t / 1e9 }
    // Training never computes the image input's gradient, so the stem's total leaves backward-data out.
    let isStem = input[1] == 3
    let total = (isStem ? 2 : 3) * kernels.flops / (f + (isStem ? 0 : d) + w) / 1e9
    print(
      String(
        format: "| %@ | %@ | %.1f | %.1f | %.1f | %.1f | %.0f%% | %@ |", name, precision.rawValue,
        g(f), g(d), g(w), total, 100 * total / peak,
        kernels.implementations.joined(separator: ", ")))
  }
}

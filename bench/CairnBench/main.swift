// Micro-benchmarks of Cairn's engine (not part of the tests). Run:
//   swift run -c release cairn-bench [threads]
// Prints conv forward / backward-data / backward-weights GFLOP/s at NB201 shapes beside the machine's sgemm peak,
// all measured the same way in one run: the median over 5 rounds of the mean of back-to-back calls (each round at
// least 0.1 s), after 2 warm-up rounds.
import CDNNL
import CairnEngine
import Foundation

func seconds(_ body: () -> Void) -> Double {
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
  return rounds.sorted()[rounds.count / 2]
}

let arguments = CommandLine.arguments.dropFirst()
if let threads = arguments.first.flatMap({ Int($0) }) { Engine.setThreadCount(threads) }
print("oneDNN \(Engine.version), \(Engine.instructionSet), \(Engine.threadCount) threads")

// sgemm peak: oneDNN's own sgemm on 2048^3, row-major.
let n = 2048
var a = [Float](repeating: 0.5, count: n * n)
var b = [Float](repeating: 0.25, count: n * n)
var c = [Float](repeating: 0, count: n * n)
let gemm = seconds {
  _ = dnnl_sgemm(
    CChar(UInt8(ascii: "N")), CChar(UInt8(ascii: "N")), Int64(n), Int64(n), Int64(n), 1, &a,
    Int64(n), &b, Int64(n), 0, &c, Int64(n))
}
let peak = 2 * pow(Double(n), 3) / gemm / 1e9
print(String(format: "sgemm %d^3: %.1f GFLOP/s (%.2f ms)", n, peak, gemm * 1e3))
print("")
print(
  "| conv (batch 64) | fwd GFLOP/s | bwd-data GFLOP/s | bwd-weights GFLOP/s | fwd+bwd GFLOP/s | % of sgemm peak | kernels |"
)
print("|---|---|---|---|---|---|---|")
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
for (name, input, weight, geometry) in shapes {
  let kernels = ConvolutionKernels(input: input, weight: weight, geometry: geometry)
  let f = seconds { kernels.forward() }
  let d = seconds { kernels.backwardData() }
  let w = seconds { kernels.backwardWeights() }
  let g = { (t: Double) in kernels.flops / t / 1e9 }
  let total = 3 * kernels.flops / (f + d + w) / 1e9
  print(
    String(
      format: "| %@ | %.1f | %.1f | %.1f | %.1f | %.0f%% | %@ |", name, g(f), g(d), g(w), total,
      100 * total / peak,
      kernels.implementations.joined(separator: ", ")))
}

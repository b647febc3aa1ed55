import ArgumentParser
import CairnBenchmarks
import CairnCore
import CairnData
import CairnDistributed
import CairnEngine
import CairnSupernet
import Foundation

/// `cairn doctor`: what this installation can use.
struct Doctor: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Show the oneDNN version, the CPU instruction set it uses, threads, the datasets Cairn can find, and MPI.",
    discussion: """
      Under mpirun (`mpirun -np 2 cairn doctor`) every rank prints its rank and the MPI library, and the ranks \
      check one allreduce between them.
      """
  )

  func run() throws {
    try Cairn.reportingErrors {
      try report()
      try reportMPI()
    }
  }

  private func reportMPI() throws(CairnError) {
    let world = try Communicator.world()
    guard world.size > 1 else {
      print("MPI: a single process (run under mpirun for several: docs/PERFORMANCE.md)")
      return
    }
    var check: [Float] = [Float(world.rank + 1)]
    check.withUnsafeMutableBufferPointer { world.sum($0) }
    let expected = Float(world.size * (world.size + 1) / 2)
    guard check[0] == expected else {
      throw .failure(
        "MPI allreduce check failed on rank \(world.rank): \(check[0]) instead of \(expected)")
    }
    print(
      "MPI: rank \(world.rank) of \(world.size), \(world.libraryDescription); allreduce check passed"
    )
  }

  private func report() throws {
    print("cairn \(CairnVersion.current)")
    print(
      "oneDNN \(Engine.version), instruction set \(Engine.instructionSet) (ONEDNN_MAX_CPU_ISA caps it), \(Engine.threadCount) threads"
    )
    print(
      Engine.supportsBFloat16
        ? "bf16: yes, native kernels (AVX512_BF16 or AMX); `precision: bf16` runs bf16 convolutions"
        : "bf16: no (this CPU has neither AVX512_BF16 nor AMX); use `precision: fp32`")
    print("processors: \(ProcessInfo.processInfo.activeProcessorCount)")
    for (dataset, status) in DatasetLocator.survey() {
      print("dataset \(dataset.rawValue): \(status)")
    }
    let tables: [(String, () throws(CairnError) -> BenchmarkTable)] = [
      ("nb201", BenchmarkTable.shippedNB201), ("nb101", BenchmarkTable.shippedNB101),
    ]
    for (name, load) in tables {
      do {
        let table = try load()
        print(
          "table \(name): \(table.count) architectures, \(table.metrics.count) metrics in \(table.source)"
        )
      } catch {
        print("table \(name): not available: \(error.description)")
      }
    }
  }
}

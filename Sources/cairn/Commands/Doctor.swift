import ArgumentParser
import CairnBenchmarks
import CairnCore
import CairnData
import CairnEngine
import CairnSupernet
import Foundation

/// `cairn doctor`: what this installation can use.
struct Doctor: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Show the oneDNN version, the CPU instruction set it uses, threads, and the datasets Cairn can find."
  )

  func run() throws {
    print("cairn \(CairnVersion.current)")
    print(
      "oneDNN \(Engine.version), instruction set \(Engine.instructionSet) (ONEDNN_MAX_CPU_ISA caps it), \(Engine.threadCount) threads"
    )
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

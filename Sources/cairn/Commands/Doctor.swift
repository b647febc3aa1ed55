import ArgumentParser
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
      "oneDNN \(Engine.version), instruction set \(Engine.instructionSet), \(Engine.threadCount) threads"
    )
    print("processors: \(ProcessInfo.processInfo.activeProcessorCount)")
    for (dataset, status) in DatasetLocator.survey() {
      print("dataset \(dataset.rawValue): \(status)")
    }
  }
}

import ArgumentParser
import CairnCore
import CairnEngine
import CairnSupernet
import CairnTraining
import Foundation

@main
struct Cairn: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cairn",
    abstract: "Weight-sharing neural architecture search whose super-net rankings you can trust.",
    version: CairnVersion.current,
    subcommands: [
      Train.self, Supernet.self, ExperimentCommand.self, SearchCommand.self, Rank.self, Bench.self,
      Doctor.self,
    ])

  /// Runs a command body, turning Cairn's errors into one line on stderr and the documented exit codes:
  /// 2 for bad input (files, values, configurations), 1 for failures, 130 for an interrupted run.
  static func reportingErrors(_ body: () throws -> Void) throws {
    do {
      try body()
    } catch let error as CairnError {
      FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
      throw ExitCode(error.isBadInput ? 2 : 1)
    } catch let interrupted as RunInterrupted {
      FileHandle.standardError.write(Data("\n\(interrupted.description)\n".utf8))
      throw ExitCode(130)
    }
  }
}

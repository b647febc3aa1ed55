import ArgumentParser
import CairnCore
import CairnDistributed
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
      Train.self, Supernet.self, ExperimentCommand.self, StudyCommand.self, SearchCommand.self,
      Rank.self,
      Bench.self,
      Doctor.self,
    ])

  /// Parses and runs a command. A command line that does not parse (an unknown option value, a missing argument)
  /// is bad input like any other: one line on stderr and exit code 2.
  static func main() {
    do {
      var command = try parseAsRoot()
      try refuseUnsharedMPILaunch(of: command)
      try command.run()
    } catch {
      guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
      let line = message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
      FileHandle.standardError.write(Data("error: \(line) (see --help)\n".utf8))
      Foundation.exit(2)
    }
  }

  /// The commands that know what to do as one of several MPI processes.
  static let mpiCommands: [ParsableCommand.Type] = [
    Supernet.TrainSupernet.self, Bench.Build.self, Doctor.self,
  ]

  /// Stops any other command started as one of several MPI processes: each process would run the whole job and
  /// write the same files. Bad input: one line and exit 2.
  static func refuseUnsharedMPILaunch(of command: ParsableCommand) throws {
    guard let size = ProcessInfo.processInfo.environment[Communicator.launcherVariable],
      size != "1",
      !mpiCommands.contains(where: { $0 == type(of: command) })
    else { return }
    let name = type(of: command).configuration.commandName ?? "this command"
    try reportingErrors {
      throw CairnError.invalidInput(
        "cairn \(name) runs as one process; under mpirun only `supernet train`, `bench build` and `doctor` "
          + "split their work (\(size) processes were started)")
    }
  }

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

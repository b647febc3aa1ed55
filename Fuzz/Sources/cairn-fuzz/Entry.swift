import Foundation

/// libFuzzer's set-up hook: picks the target named by `CAIRN_FUZZ_TARGET` (or writes the checkpoint target's
/// seed to `CAIRN_FUZZ_WRITE_SEED` and exits).
@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(
  _ argc: UnsafeMutablePointer<Int32>?,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?
) -> Int32 {
  let session = FuzzSession.shared
  if let seed = ProcessInfo.processInfo.environment["CAIRN_FUZZ_WRITE_SEED"],
    session.target == .checkpoint
  {
    try! CheckpointFixture.writeSeed(to: URL(fileURLWithPath: seed))
    exit(0)
  }
  return 0
}

/// libFuzzer's entry point: runs the target on one input. A thrown error is the expected answer to bad input;
/// only a trap, a sanitizer report, a hang or runaway memory is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
  let data = bytes.map { Data(bytes: $0, count: count) } ?? Data()
  FuzzSession.shared.target.run(data, in: FuzzSession.shared.scratch)
  return 0
}

/// The process's target and its scratch directory.
final class FuzzSession: Sendable {
  static let shared = FuzzSession()

  let target: FuzzTarget
  let scratch: Scratch

  private init() {
    let name = ProcessInfo.processInfo.environment["CAIRN_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
      let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
      FileHandle.standardError.write(Data("set CAIRN_FUZZ_TARGET to one of: \(names)\n".utf8))
      exit(2)
    }
    self.target = target
    scratch = Scratch()
  }
}

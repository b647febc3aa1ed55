import CairnCore
import CairnEngine
import Testing

@testable import CairnDistributed

/// A process not started by MPI is a single rank and needs no MPI library; a launch whose MPI library cannot be
/// used is one clear error. (Two ranks: `mpirun -np 2 cairn doctor` in CairnCLITests.)
@Suite struct CommunicatorTests {
  @Test func withoutALauncherTheWorldIsOneProcess() throws {
    let world = try Communicator.world(environment: ["PATH": "/usr/bin"])
    #expect(world.rank == 0 && world.size == 1 && world.isRoot)
    var values: [Float] = [1, 2, 3]
    values.withUnsafeMutableBufferPointer { world.sum($0) }
    values.withUnsafeMutableBufferPointer { world.broadcast($0) }
    world.barrier()
    #expect(values == [1, 2, 3])
    #expect(world.gradientAveraging() == nil)
  }

  @Test func aMissingLibraryIsNamedWithWhatToDo() {
    #expect {
      _ = try Communicator.world(environment: [
        "OMPI_COMM_WORLD_SIZE": "2", "CAIRN_MPI_LIBRARY": "/nonexistent/libmpi.so.40",
      ])
    } throws: { error in
      guard case .invalidInput(let message) = error as? CairnError else { return false }
      return message.hasPrefix("Open MPI's library cannot be loaded (")
        && message.contains("/nonexistent/libmpi.so.40") && message.contains("apt-get install")
    }
  }

  @Test func aLibraryThatIsNotOpenMPIIsRefused() {
    #expect {
      _ = try Communicator.world(environment: [
        "OMPI_COMM_WORLD_SIZE": "2", "CAIRN_MPI_LIBRARY": "libz.so.1",
      ])
    } throws: { error in
      guard case .invalidInput(let message) = error as? CairnError else { return false }
      return message == "libz.so.1 has no symbol MPI_Initialized: not Open MPI 4 or later"
    }
  }

  @Test(arguments: ["", "two", "0", "-1"])
  func aNonsensicalProcessCountIsRefused(_ size: String) {
    #expect(throws: CairnError.self) {
      _ = try Communicator.world(environment: ["OMPI_COMM_WORLD_SIZE": size])
    }
  }

  @Test func largeBuffersTravelInChunksMPICanCount() {
    #expect(Communicator.chunks(of: 0, limit: 4).isEmpty)
    #expect(Communicator.chunks(of: 10, limit: 4) == [0..<4, 4..<8, 8..<10])
    #expect(Communicator.chunks(of: 8, limit: 4) == [0..<4, 4..<8])
  }

  /// What the ranks compare before averaging: which parameters have gradients. Different paths (another
  /// parameter used, or one more) give different signatures.
  @Test func pathSignaturesTellSubNetworksApart() {
    let parameters = (0..<4).map { Tensor(zeros: [2 + $0, 3]) }
    func signature(withGradients used: [Int]) -> [Float] {
      for (index, parameter) in parameters.enumerated() {
        parameter.grad = used.contains(index) ? Tensor(zeros: parameter.shape) : nil
      }
      return Communicator.pathSignature(parameters)
    }
    let reference = signature(withGradients: [0, 2])
    #expect(reference == signature(withGradients: [0, 2]))
    #expect(reference[0] == 2)
    for other in [[0, 3], [1, 2], [0, 2, 3], [2], []] {
      #expect(signature(withGradients: other) != reference, "\(other)")
    }
  }
}

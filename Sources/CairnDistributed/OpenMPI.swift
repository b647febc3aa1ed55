import CairnCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Open MPI's C library, opened at run time with `dlopen` rather than linked.
///
/// Linking it (a system library target with Open MPI's pkg-config entry puts `-lmpi` on every link line) would
/// make every `cairn` binary need Open MPI installed even for single-process use, and a missing library would stop
/// the process in the dynamic loader before `main`, with no message of Cairn's. Opened here, a missing library is
/// one error naming what was tried. The bindings follow Open MPI's ABI (4.x and 5.x): communicators, datatypes
/// and operations are pointers to the library's predefined objects (`ompi_mpi_comm_world`, `ompi_mpi_float`,
/// `ompi_mpi_op_sum`), and `MPI_IN_PLACE` is the address 1.
final class OpenMPI: @unchecked Sendable {
  typealias Handle = UnsafeMutableRawPointer
  typealias IntQuery = @convention(c) (UnsafeMutablePointer<Int32>) -> Int32
  typealias Initialize =
    @convention(c) (UnsafeMutableRawPointer?, UnsafeMutableRawPointer?) -> Int32
  typealias CommunicatorQuery = @convention(c) (Handle, UnsafeMutablePointer<Int32>) -> Int32
  typealias Allreduce =
    @convention(c) (
      UnsafeRawPointer?, UnsafeMutableRawPointer?, Int32, Handle, Handle, Handle
    ) -> Int32
  typealias Broadcast =
    @convention(c) (UnsafeMutableRawPointer?, Int32, Handle, Int32, Handle) -> Int32
  typealias Barrier = @convention(c) (Handle) -> Int32
  typealias Finalize = @convention(c) () -> Int32
  typealias LibraryVersion =
    @convention(c) (UnsafeMutablePointer<CChar>, UnsafeMutablePointer<Int32>) -> Int32

  /// The file names tried, in order, when `CAIRN_MPI_LIBRARY` does not name one.
  static let defaultNames = ["libmpi.so.40", "libmpi.so", "libmpi.dylib"]

  let path: String
  let initialized: IntQuery
  let finalized: IntQuery
  let initialize: Initialize
  let finalize: Finalize
  let rank: CommunicatorQuery
  let size: CommunicatorQuery
  let allreduce: Allreduce
  let broadcast: Broadcast
  let barrier: Barrier
  let libraryVersion: LibraryVersion
  let world: Handle
  let float: Handle
  let double: Handle
  let sum: Handle
  /// `MPI_IN_PLACE`.
  let inPlace = UnsafeRawPointer(bitPattern: 1)

  /// Opens the library (the file `override` names, or the first of `defaultNames` that opens) and binds what
  /// Cairn calls; the error names every file tried and the loader's reason.
  init(override: String?) throws(CairnError) {
    let names = override.map { [$0] } ?? Self.defaultNames
    var reasons: [String] = []
    var opened: (Handle, String)?
    for name in names {
      // RTLD_GLOBAL: Open MPI's own plugins are shared objects that resolve symbols of libmpi.
      if let handle = dlopen(name, RTLD_NOW | RTLD_GLOBAL) {
        opened = (handle, name)
        break
      }
      reasons.append(dlerror().map { String(cString: $0) } ?? "\(name): cannot be opened")
    }
    guard let (handle, name) = opened else {
      throw .invalidInput(
        "Open MPI's library cannot be loaded (\(reasons.joined(separator: "; "))); install Open MPI "
          + "(Debian: apt-get install openmpi-bin libopenmpi3) or set CAIRN_MPI_LIBRARY to its path"
      )
    }
    func symbol(_ symbol: String) throws(CairnError) -> Handle {
      guard let address = dlsym(handle, symbol) else {
        throw .invalidInput("\(name) has no symbol \(symbol): not Open MPI 4 or later")
      }
      return address
    }
    func function<F>(_ name: String, as type: F.Type) throws(CairnError) -> F {
      unsafeBitCast(try symbol(name), to: type)
    }
    path = name
    initialized = try function("MPI_Initialized", as: IntQuery.self)
    finalized = try function("MPI_Finalized", as: IntQuery.self)
    initialize = try function("MPI_Init", as: Initialize.self)
    finalize = try function("MPI_Finalize", as: Finalize.self)
    rank = try function("MPI_Comm_rank", as: CommunicatorQuery.self)
    size = try function("MPI_Comm_size", as: CommunicatorQuery.self)
    allreduce = try function("MPI_Allreduce", as: Allreduce.self)
    broadcast = try function("MPI_Bcast", as: Broadcast.self)
    barrier = try function("MPI_Barrier", as: Barrier.self)
    libraryVersion = try function("MPI_Get_library_version", as: LibraryVersion.self)
    world = try symbol("ompi_mpi_comm_world")
    float = try symbol("ompi_mpi_float")
    double = try symbol("ompi_mpi_double")
    sum = try symbol("ompi_mpi_op_sum")
  }

  /// The library's version text (first line), e.g. "Open MPI v4.1.4, …".
  var version: String {
    // MPI_MAX_LIBRARY_VERSION_STRING is 256 in Open MPI
    var buffer = [CChar](repeating: 0, count: 512)
    var length: Int32 = 0
    guard libraryVersion(&buffer, &length) == 0 else { return "unknown" }
    let bytes = buffer.prefix(Int(length)).prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
    let text = String(decoding: bytes, as: UTF8.self)
    return text.split(separator: "\n").first.map(String.init) ?? text
  }
}

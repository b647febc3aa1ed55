import CairnCore
import CairnNetworks
import CairnSpaces

/// One search space as stand-alone training sees it: how its architectures are read and which network trains one.
///
/// Adding a space to `cairn train` means adding a conforming type to `StandaloneRegistry`.
public protocol StandaloneSpace: SendableMetatype {
  associatedtype Space: SearchSpace
  associatedtype Network: ArchitectureNetwork where Network.Architecture == Space.Architecture

  static var name: SpaceName { get }
  static var space: Space { get }

  /// A freshly initialised network of `architecture` with `configuration`'s width and depth.
  static func makeNetwork(
    _ architecture: Space.Architecture, configuration: StandaloneConfiguration, classes: Int,
    inputChannels: Int, random: inout RandomStream
  ) throws(CairnError) -> Network

  /// Checks the options only this space reads (called by `StandaloneConfiguration.validate()`); throws naming the
  /// option. By default nothing.
  static func validate(_ configuration: StandaloneConfiguration) throws(CairnError)
}

extension StandaloneSpace {
  public static func validate(_ configuration: StandaloneConfiguration) throws(CairnError) {}

  /// Reads `text` as a valid architecture of the space; throws naming the text and the problem.
  public static func architecture(_ text: String) throws(CairnError) -> Space.Architecture {
    let architecture = try space.parse(text)
    if let problem = space.problem(with: architecture) {
      throw .invalidInput("architecture \(text) is not in the \(name) space: \(problem)")
    }
    return architecture
  }
}

/// The spaces `cairn train` can train architectures of.
public enum StandaloneRegistry {
  public static let spaces: [any StandaloneSpace.Type] = [
    NB201Standalone.self, NB101Standalone.self, DARTSStandalone.self, WidthStandalone.self,
  ]

  /// The space called `name`; throws naming the registered ones.
  public static func space(named name: SpaceName) throws(CairnError) -> any StandaloneSpace.Type {
    for candidate in spaces where candidate.name == name { return candidate }
    let names = spaces.map { $0.name.rawValue }.joined(separator: ", ")
    throw .invalidInput("stand-alone training does not support space \(name); supported: \(names)")
  }
}

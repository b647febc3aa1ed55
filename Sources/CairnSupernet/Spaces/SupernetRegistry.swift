import CairnCore
import CairnSpaces
import CairnTraining

/// The spaces super-nets exist for, by name: the one place a new space is listed.
public enum SupernetRegistry {
  /// Every registered space.
  public static let spaces: [any SupernetSpace.Type] = [
    NB201Supernet.self, NB101Supernet.self, DARTSSupernet.self, WidthSupernet.self,
  ]

  /// The space called `name`; throws naming the registered ones.
  public static func space(named name: SpaceName) throws(CairnError) -> any SupernetSpace.Type {
    for candidate in spaces where candidate.name == name { return candidate }
    let names = spaces.map { $0.name.rawValue }.joined(separator: ", ")
    throw .invalidInput("no super-net exists for space \(name); registered: \(names)")
  }
}

/// A super-net run of any space, behind the operations callers need.
protocol AnySupernetRun: AnyObject {
  func train(_ hooks: SupernetHooks) throws -> SupernetEvaluationResult
  func rankCheckpoint() throws -> SupernetEvaluationResult
  func checkpointScorer() throws -> SupernetScorer
}

extension SupernetRun: AnySupernetRun {}

extension SupernetRegistry {
  /// A run of `configuration.space` in `directory`.
  static func run(_ configuration: SupernetConfiguration, directory: RunDirectory)
    throws(CairnError) -> any AnySupernetRun
  {
    try makeRun(try space(named: configuration.space), configuration, directory)
  }

  private static func makeRun<Binding: SupernetSpace>(
    _ binding: Binding.Type, _ configuration: SupernetConfiguration, _ directory: RunDirectory
  ) throws(CairnError) -> any AnySupernetRun {
    try SupernetRun<Binding>(configuration: configuration, directory: directory)
  }
}

extension SupernetRegistry {
  /// The decisions α has rows for in `configuration`'s space (`SupernetSpace.mixtureDecisions`; what
  /// `architecture_weights` in metrics follows), or empty when no super-net exists for it.
  public static func decisions(of configuration: SupernetConfiguration) -> [Decision] {
    guard let binding = try? space(named: configuration.space) else { return [] }
    return decisions(binding, configuration)
  }

  private static func decisions<Binding: SupernetSpace>(
    _ binding: Binding.Type, _ configuration: SupernetConfiguration
  ) -> [Decision] {
    Binding.mixtureDecisions(for: configuration)
  }
}

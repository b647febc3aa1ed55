import CairnBenchmarks
import CairnCore
import CairnEngine
import CairnNetworks
import CairnSpaces

/// One search space as the generic super-net machinery sees it: the space, its super-net, and the configuration
/// keys that only it reads.
///
/// Trainers, samplers, step strategies, landmarks, scoring and searches are written once against this protocol;
/// adding a space means adding the space (CairnSpaces), its network (CairnNetworks) and a conforming type listed
/// in `SupernetRegistry`.
public protocol SupernetSpace: SendableMetatype {
  associatedtype Space: ChoiceEncoding
  associatedtype Network: ArchitectureNetwork where Network.Architecture == Space.Architecture

  /// The space's name in configuration files and `space:metric` strings.
  static var name: SpaceName { get }

  /// The number of architectures when the space is finite, else nil. When a ground truth knows
  /// them all, uniform path sampling uses the space's own sampler rather than a list.
  static var architectureCount: Int? { get }

  /// The space under `configuration`'s options.
  static func space(for configuration: SupernetConfiguration) -> Space

  /// Checks the keys and combinations only this space knows; throws naming the key and the valid values.
  static func validate(_ configuration: SupernetConfiguration) throws(CairnError)

  /// A freshly initialised super-net.
  static func makeSupernet(
    _ configuration: SupernetConfiguration, classes: Int, inputChannels: Int,
    random: inout RandomStream
  ) throws(CairnError) -> Network

  /// Whether the super-net can run `architecture` under `configuration` (a restricted sub-space may say no).
  static func admits(_ architecture: Space.Architecture, configuration: SupernetConfiguration)
    -> Bool

  /// The space's largest architecture (the teacher of in-place distillation, the network of `sampler: largest`),
  /// or nil when the space has no single largest one. Nil by default.
  static func largest(for configuration: SupernetConfiguration) -> Space.Architecture?

  /// The space's smallest architecture (the sandwich rule's first student), or nil. Nil by default.
  static func smallest(for configuration: SupernetConfiguration) -> Space.Architecture?

  /// Sets `network`'s weights from another run's checkpoint tensors (`initialization`); throws naming a tensor
  /// that does not fit. By default every tensor must match by name and shape.
  static func initialize(_ network: Network, from tensors: [String: Tensor]) throws(CairnError)

  /// Whether `mixtureForward` gives a forward pass (checked when a DARTS run is set up). False by default.
  static var mixesOptions: Bool { get }

  /// The sizes of the edge-normalization rows the mixed forward pass reads after the decisions (one per node,
  /// its incoming edges), or empty when it has none. Empty by default.
  static var edgeNormalizationSizes: [Int] { get }

  /// The decisions α has a row for in the mixed forward pass (before any edge-normalization rows): the space's
  /// own by default.
  static func mixtureDecisions(for configuration: SupernetConfiguration) -> [Decision]

  /// The architecture DARTS derives from softmax(α) (rows as `mixtureDecisions`), or nil when it makes none: the
  /// most probable option of every decision by default.
  static func derive(_ probabilities: [[Double]], configuration: SupernetConfiguration)
    -> Space.Architecture?

  /// The network's forward pass with every decision's options mixed (DARTS), or nil when it has none.
  static func mixtureForward(_ network: Network) -> ((Tensor, OperationMixture) -> FeatureOutputs)?

  /// The tri-level method's default auxiliary architecture (`trilevel.auxiliary`), as text, or nil when the
  /// space has no auxiliary model. Nil by default.
  static var defaultAuxiliary: String? { get }

  /// A freshly initialised stand-alone network of `architecture` with the super-net's shape (the tri-level
  /// method's auxiliary model), or nil when the space has none. Nil by default.
  static func makeAuxiliary(
    _ architecture: Space.Architecture, configuration: SupernetConfiguration, classes: Int,
    inputChannels: Int, random: inout RandomStream
  ) -> AuxiliaryModel?

  /// The network's forward pass with per-decision weights (GDAS), or nil when the network has none.
  static func weightedForward(_ network: Network) -> (
    (Tensor, Space.Architecture, DecisionWeights) -> Tensor
  )?
}

extension SupernetSpace {
  public static var architectureCount: Int? { nil }

  public static func admits(
    _ architecture: Space.Architecture, configuration: SupernetConfiguration
  ) -> Bool { true }

  public static func weightedForward(_ network: Network) -> (
    (Tensor, Space.Architecture, DecisionWeights) -> Tensor
  )? { nil }

  public static func largest(for configuration: SupernetConfiguration) -> Space.Architecture? {
    nil
  }

  public static var mixesOptions: Bool { false }

  public static var edgeNormalizationSizes: [Int] { [] }

  /// Whether the mixed forward pass has edge-normalization rows.
  static var normalizesEdges: Bool { !edgeNormalizationSizes.isEmpty }

  public static func mixtureForward(_ network: Network) -> (
    (Tensor, OperationMixture) -> FeatureOutputs
  )? { nil }

  public static var defaultAuxiliary: String? { nil }

  public static func mixtureDecisions(for configuration: SupernetConfiguration) -> [Decision] {
    space(for: configuration).decisions
  }

  public static func derive(_ probabilities: [[Double]], configuration: SupernetConfiguration)
    -> Space.Architecture?
  {
    let choices = probabilities.map { row in row.indices.max { row[$0] < row[$1] } ?? 0 }
    return try? space(for: configuration).architecture(choices: choices)
  }

  public static func makeAuxiliary(
    _ architecture: Space.Architecture, configuration: SupernetConfiguration, classes: Int,
    inputChannels: Int, random: inout RandomStream
  ) -> AuxiliaryModel? { nil }

  public static func initialize(_ network: Network, from tensors: [String: Tensor])
    throws(CairnError)
  {
    try network.load(tensors)
  }

  public static func smallest(for configuration: SupernetConfiguration) -> Space.Architecture? {
    nil
  }

  /// The architectures of `truth` parsed in this space, restricted to those the super-net admits, as a finite
  /// space (landmark selection, evaluation pools, benchmark-restricted sampling and searches work in it). Unless
  /// it lists the whole space, it samples uniformly over its architectures.
  public static func knownSpace(
    _ truth: GroundTruth, configuration: SupernetConfiguration
  ) throws(CairnError) -> KnownArchitectures<Space> {
    try knownSpaceAndValues(truth, configuration: configuration).space
  }

  /// `knownSpace` with the ground truth of each listed architecture, in listing order (nil for a results store).
  static func knownSpaceAndValues(
    _ truth: GroundTruth, configuration: SupernetConfiguration
  ) throws(CairnError) -> (space: KnownArchitectures<Space>, values: [Double]?) {
    let space = space(for: configuration)
    let texts = truth.knownArchitectures
    let identities = truth.knownIdentities
    let values = truth.knownValues
    var architectures: [Space.Architecture] = []
    var keptIdentities: [String] = []
    var keptValues: [Double] = []
    for (position, text) in texts.enumerated() {
      let architecture = try space.parse(text)
      if space.isValid(architecture) && admits(architecture, configuration: configuration) {
        architectures.append(architecture)
        if let identities { keptIdentities.append(identities[position]) }
        if let values { keptValues.append(values[position]) }
      }
    }
    var known = try KnownArchitectures(
      space, architectures: architectures, identities: identities == nil ? nil : keptIdentities)
    // A subset is sampled uniformly; a space listed in full keeps its own sampler.
    if architectureCount != known.count { known.sampling = .listed }
    return (known, values == nil ? nil : keptValues)
  }
}

extension SupernetSpace where Network: MixtureNetwork {
  /// A network that mixes its options gives DARTS's forward pass.
  public static var mixesOptions: Bool { true }

  public static func mixtureForward(_ network: Network) -> (
    (Tensor, OperationMixture) -> FeatureOutputs
  )? {
    { network.mixtureOutputs($0, mixture: $1) }
  }
}

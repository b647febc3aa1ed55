import CairnCore

/// K landmark architectures with their ground truth, sorted ascending by ground truth (landmark spec §1).
///
/// Position 0 holds the worst landmark and position K − 1 the best, as the reference code keeps its landmark ids
/// (an id is a rank in the ground-truth ordering of the whole space). For positions p < q, landmark q is the
/// "better" one of the pair, and the ranking loss penalises the super-net when L(a_q) > L(a_p).
///
/// Equal ground truths keep the order in which the landmarks were given (a stable sort), so of two tied landmarks
/// the later one counts as better. `LandmarkSelection` passes architectures in the space's index order, which is how
/// the reference code breaks such ties.
///
/// A set is validated when it is created and when it is decoded from a checkpoint: at least two landmarks, finite
/// ground truths, and no architecture twice (unless `allowsDuplicates`, which only the reference-faithful Hamming
/// selection asks for, since the reference code does not deduplicate its children; see `LandmarkHammingVariant`).
public struct LandmarkSet<Architecture: Hashable & Codable & Sendable>: Hashable, Sendable,
  RandomAccessCollection
{
  /// The landmarks, ascending by ground truth.
  public let landmarks: [Landmark<Architecture>]
  /// Whether the same architecture may appear more than once.
  public let allowsDuplicates: Bool

  /// Creates a set from landmarks in any order and sorts them ascending by ground truth (stable).
  ///
  /// Throws `CairnError.invalidInput` when there are fewer than two landmarks, when a ground truth is not finite, or
  /// when an architecture appears twice and `allowsDuplicates` is false.
  public init(_ landmarks: [Landmark<Architecture>], allowsDuplicates: Bool = false)
    throws(CairnError)
  {
    guard landmarks.count >= 2 else {
      throw .invalidInput("a landmark set needs at least 2 landmarks, got \(landmarks.count)")
    }
    var seen: Set<Architecture> = []
    for landmark in landmarks {
      guard landmark.groundTruth.isFinite else {
        throw .invalidInput(
          "landmark '\(landmark.architecture)' has a non-finite ground truth (\(landmark.groundTruth))"
        )
      }
      if !seen.insert(landmark.architecture).inserted && !allowsDuplicates {
        throw .invalidInput("landmark '\(landmark.architecture)' appears more than once")
      }
    }
    self.landmarks = Self.sortedByGroundTruth(landmarks)
    self.allowsDuplicates = allowsDuplicates
  }

  /// Creates a set from architectures, looking up each one's ground truth with `groundTruth`.
  public init(
    architectures: [Architecture], allowsDuplicates: Bool = false,
    groundTruth: (Architecture) throws(CairnError) -> Double
  ) throws(CairnError) {
    var landmarks: [Landmark<Architecture>] = []
    landmarks.reserveCapacity(architectures.count)
    for architecture in architectures {
      landmarks.append(
        Landmark(architecture: architecture, groundTruth: try groundTruth(architecture)))
    }
    try self.init(landmarks, allowsDuplicates: allowsDuplicates)
  }

  /// Sorts ascending by ground truth; ties keep their input order.
  static func sortedByGroundTruth(_ landmarks: [Landmark<Architecture>]) -> [Landmark<Architecture>]
  {
    landmarks.enumerated().sorted {
      $0.element.groundTruth != $1.element.groundTruth
        ? $0.element.groundTruth < $1.element.groundTruth : $0.offset < $1.offset
    }.map(\.element)
  }

  /// The architectures, ascending by ground truth.
  public var architectures: [Architecture] { landmarks.map(\.architecture) }

  /// The ground truths, ascending.
  public var groundTruths: [Double] { landmarks.map(\.groundTruth) }

  /// The first position holding `architecture`, or nil when it is not a landmark.
  public func position(of architecture: Architecture) -> Int? {
    landmarks.firstIndex { $0.architecture == architecture }
  }

  /// Whether `architecture` is one of the landmarks.
  public func contains(architecture: Architecture) -> Bool {
    position(of: architecture) != nil
  }

  public var startIndex: Int { landmarks.startIndex }
  public var endIndex: Int { landmarks.endIndex }
  public subscript(position: Int) -> Landmark<Architecture> { landmarks[position] }
}

extension LandmarkSet: Codable {
  private enum CodingKeys: String, CodingKey { case landmarks, allowsDuplicates }

  /// Decodes and validates a set (a checkpoint is input like any other).
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let landmarks = try container.decode([Landmark<Architecture>].self, forKey: .landmarks)
    let allowsDuplicates =
      try container.decodeIfPresent(Bool.self, forKey: .allowsDuplicates) ?? false
    do {
      try self.init(landmarks, allowsDuplicates: allowsDuplicates)
    } catch {
      throw DecodingError.dataCorruptedError(
        forKey: .landmarks, in: container, debugDescription: error.description)
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(landmarks, forKey: .landmarks)
    try container.encode(allowsDuplicates, forKey: .allowsDuplicates)
  }
}

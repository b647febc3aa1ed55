import CairnBenchmarks
import CairnCore
import CairnData
import CairnSpaces
import CairnTraining
import Foundation

extension SupernetRun {
  /// Where the landmarks' ground truth comes from (`landmarks.source`): the `truth` table, or the results store
  /// of stand-alone runs (the mean over seeds).
  func landmarkTruth() throws(CairnError) -> GroundTruth {
    let l = configuration.landmarks
    switch l.source {
    case .table: return truth
    case .store:
      return try GroundTruth(
        store: l.store, space: Binding.name, dataset: configuration.dataset.rawValue,
        protocolHash: l.storeProtocol)
    }
  }

  /// The architectures the landmark ground truth knows, as a finite space.
  func landmarkSpace(_ source: GroundTruth) throws(CairnError) -> KnownArchitectures<Binding.Space>
  {
    configuration.landmarks.source == .table
      ? known : try Binding.knownSpace(source, configuration: configuration)
  }

  /// The landmark selection `landmarks.selection` names.
  var landmarkSelection: LandmarkSelection {
    let l = configuration.landmarks
    switch l.selection {
    case .random: return .random(count: l.count)
    case .rankStratified: return .rankStratified(count: l.count)
    case .hamming: return .hamming(count: l.count, distance: l.hammingDistance)
    case .hammingIteration:
      return .hammingIteration(roots: l.hammingRoots, distance: l.hammingDistance)
    }
  }

  /// The landmark set: the explicit list, or drawn by the configured selection among the architectures whose
  /// landmark ground truth is known.
  func chooseLandmarks(random: inout RandomStream) throws(CairnError) -> LandmarkSet<Architecture> {
    let l = configuration.landmarks
    let source = try landmarkTruth()
    let fromTable = l.source == .table
    let lookup = { (architecture: Architecture) throws(CairnError) -> Double in
      fromTable
        ? try self.truthValue(of: architecture)
        : try source.value(forArchitecture: self.space.format(architecture))
    }
    if let explicit = l.architectures {
      var architectures: [Architecture] = []
      for (position, text) in explicit.enumerated() {
        do {
          architectures.append(try parse(text))
        } catch {
          throw .invalidInput("landmarks.architectures[\(position)]: \(error.description)")
        }
      }
      return try LandmarkSet(architectures: architectures, groundTruth: lookup)
    }
    let candidates = try landmarkSpace(source)
    if l.source == .store && l.selection != .random {
      throw .invalidInput(
        "landmarks.selection '\(l.selection.rawValue)' needs the ground truth of the whole space; with landmarks.source store use random or list landmarks.architectures"
      )
    }
    guard l.count <= candidates.count else {
      throw .invalidInput(
        "landmarks.count is \(l.count) but the \(source.description) holds only \(candidates.count) architecture(s) this super-net can run"
      )
    }
    return try landmarkSelection.select(in: candidates, groundTruth: lookup, using: &random)
  }

  /// The evaluation pool: `evaluation.pool_size` known architectures outside the landmarks, in listing order.
  func drawPool(excluding landmarks: [Architecture]) -> [String] {
    let excluded = Set(landmarks.map(space.identity))
    let candidates = known.architectures.filter { !excluded.contains(space.identity(of: $0)) }
    var random = RandomStream(seed: configuration.seed, name: "evaluation pool")
    return random.sample(configuration.evaluation.poolSize, from: candidates.count).sorted().map {
      space.format(candidates[$0])
    }
  }

  /// The 1-based pipeline round that ends after `epoch` (1-based), if one does: rounds split the epochs evenly,
  /// and only the first T − 1 end with new landmarks.
  func landmarkRound(endingAfterEpoch epoch: Int) -> Int? {
    let rounds = configuration.landmarks.iterations
    let epochs = configuration.training.epochs
    guard rounds > 1 else { return nil }
    return (1..<rounds).first { epochs * $0 / rounds == epoch }
  }

  /// One step of the multi-iteration pipeline (paper Fig. 2): score a seeded random search pool (outside the
  /// landmarks and the evaluation pool, among architectures whose ground truth is known) with the super-net,
  /// add its `added_per_iteration` best unseen architectures with their ground truth, and rewrite landmarks.csv.
  func extendLandmarks(
    _ landmarks: LandmarkSet<Architecture>, network: Binding.Network, pool: [String],
    batches: [Batch], round: Int
  ) throws -> (landmarks: LandmarkSet<Architecture>, newcomers: [String]) {
    let l = configuration.landmarks
    let source = try landmarkTruth()
    var excluded = Set(
      try pool.map { (text) throws(CairnError) in space.identity(of: try parse(text)) })
    for architecture in landmarks.architectures {
      excluded.insert(space.identity(of: architecture))
    }
    let candidates = try landmarkSpace(source).architectures.filter {
      !excluded.contains(space.identity(of: $0))
    }
    var random = RandomStream(
      seed: configuration.seed, name: "landmark search pool, round \(round)")
    let drawn = random.sample(min(l.searchPoolSize, candidates.count), from: candidates.count)
    let architectures = drawn.map { candidates[$0] }
    let scores = try SupernetScoring.score(
      network, architectures: architectures, batches: batches, batchNorm: scoringBatchNorm,
      name: space.format)
    let newcomers = try landmarks.topUnseen(
      among: zip(architectures, scores.map(\.accuracy)).map { ($0, $1) },
      count: l.addedPerIteration)
    let extended = try landmarks.adding(
      try newcomers.map { (architecture: Architecture) throws(CairnError) in
        (architecture, try source.value(forArchitecture: space.format(architecture)))
      })
    try writeLandmarks(extended)
    return (extended, newcomers.map(space.format))
  }

  /// Writes landmarks.csv (ascending by ground truth).
  func writeLandmarks(_ landmarks: LandmarkSet<Architecture>) throws(CairnError) {
    try AtomicFile.write(
      "arch,ground_truth\n"
        + landmarks.landmarks.map { "\(space.format($0.architecture)),\($0.groundTruth)" }
        .joined(separator: "\n") + "\n", to: directory.url.appendingPathComponent("landmarks.csv"))
  }
}

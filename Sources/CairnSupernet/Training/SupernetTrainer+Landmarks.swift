import CairnCore
import CairnData
import CairnNetworks
import CairnSpaces
import CairnTraining
import Foundation

extension SupernetTrainer {
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
    _ landmarks: LandmarkSet<NB201Architecture>, network: NB201Network, pool: [Int],
    batches: [Batch], round: Int
  ) throws -> (landmarks: LandmarkSet<NB201Architecture>, newcomers: [NB201Architecture]) {
    let l = configuration.landmarks
    let truth = try landmarkGroundTruth()
    let space = NB201Space()
    var excluded = Set(pool)
    for architecture in landmarks.architectures {
      excluded.insert(try space.index(of: architecture))
    }
    let candidates = (truth.known ?? Array(0..<NB201Architecture.cellCount)).filter {
      !excluded.contains($0)
    }
    var random = RandomStream(
      seed: configuration.seed, name: "landmark search pool, round \(round)")
    let drawn = random.sample(min(l.searchPoolSize, candidates.count), from: candidates.count)
    let architectures = try drawn.map { try space.architecture(at: candidates[$0]) }
    let batchNorm = scoringBatchNorm
    let scores = try SupernetScoring.score(
      network, architectures: architectures, batches: batches, batchNorm: batchNorm)
    let newcomers = try landmarks.topUnseen(
      among: zip(architectures, scores.map(\.accuracy)).map { ($0, $1) },
      count: l.addedPerIteration)
    let extended = try landmarks.adding(
      try newcomers.map { (architecture: NB201Architecture) throws(CairnError) in
        (architecture, try truth.value(for: architecture))
      })
    try writeLandmarks(extended)
    return (extended, newcomers)
  }

  /// Writes landmarks.csv (ascending by ground truth).
  func writeLandmarks(_ landmarks: LandmarkSet<NB201Architecture>) throws {
    try AtomicFile.write(
      "arch,ground_truth\n"
        + landmarks.landmarks.map { "\($0.architecture.archString),\($0.groundTruth)" }
        .joined(separator: "\n") + "\n", to: run.url.appendingPathComponent("landmarks.csv"))
  }

  /// Writes result.json, the final evaluation of a finished run.
  func writeResult(_ result: SupernetEvaluationResult) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    try AtomicFile.write(
      try encoder.encode(result), to: run.url.appendingPathComponent("result.json"))
  }

  /// The final evaluation of a finished run in `run`, read from its result.json.
  public static func savedResult(in run: RunDirectory) throws(CairnError)
    -> SupernetEvaluationResult
  {
    let url = run.url.appendingPathComponent("result.json")
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      throw .invalidFile(path: url.path, problem: "cannot read (\(error.localizedDescription))")
    }
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    do {
      return try decoder.decode(SupernetEvaluationResult.self, from: data)
    } catch {
      throw .invalidFile(path: url.path, problem: "not a super-net result (\(error))")
    }
  }
}

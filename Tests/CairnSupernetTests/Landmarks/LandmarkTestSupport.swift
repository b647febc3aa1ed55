import CairnCore
import CairnSpaces
import Foundation

#if canImport(CairnSupernet)
  @testable import CairnSupernet
#else
  @testable import CairnLandmarks
#endif

/// A deterministic stand-in for benchmark accuracy: a hash of the cell string mapped to [0, 100).
func landmarkTestTruth(_ architecture: NB201Architecture) -> Double {
  Double(RandomStream.fnv1a(architecture.archString) % 100_000) / 1000
}

/// Encodes `value` to JSON and decodes it back.
func landmarkRoundTrip<T: Codable>(_ value: T) throws -> T {
  try JSONDecoder().decode(T.self, from: try JSONEncoder().encode(value))
}

/// The error message of a `CairnError`, or nil for another error.
func landmarkErrorMessage(_ error: (any Error)?) -> String? {
  (error as? CairnError)?.description
}

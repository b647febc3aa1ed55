import CairnCore
import Foundation

/// Kendall's tau-b by counting every pair: the O(n²) reference for the O(n log n) implementation.
func naiveKendallTauB(_ x: [Double], _ y: [Double]) -> Double? {
  var concordant = 0
  var discordant = 0
  var tiedInX = 0
  var tiedInY = 0
  var tiedInBoth = 0
  for i in 0..<x.count {
    for j in (i + 1)..<x.count {
      let dx = x[i] - x[j]
      let dy = y[i] - y[j]
      if dx == 0 && dy == 0 {
        tiedInBoth += 1
      } else if dx == 0 {
        tiedInX += 1
      } else if dy == 0 {
        tiedInY += 1
      } else if (dx > 0) == (dy > 0) {
        concordant += 1
      } else {
        discordant += 1
      }
    }
  }
  let pairs = x.count * (x.count - 1) / 2
  let xTies = tiedInX + tiedInBoth
  let yTies = tiedInY + tiedInBoth
  guard pairs > 0, xTies < pairs, yTies < pairs else { return nil }
  return Double(concordant - discordant)
    / (Double(pairs - xTies) * Double(pairs - yTies)).squareRoot()
}

/// `count` values from a few levels (many ties), drawn from a seeded stream.
func tiedValues(_ count: Int, levels: Int, random: inout RandomStream) -> [Double] {
  (0..<count).map { _ in Double(random.int(below: levels)) }
}

/// `count` standard-normal values from a seeded stream.
func normalValues(_ count: Int, random: inout RandomStream) -> [Double] {
  (0..<count).map { _ in random.normal() }
}

/// |a − b|, treating two nils as equal and a nil against a value as infinitely far.
func distance(_ a: Double?, _ b: Double?) -> Double {
  switch (a, b) {
  case (nil, nil): return 0
  case (let a?, let b?): return abs(a - b)
  default: return .infinity
  }
}

/// The SciPy reference cases written by scripts/make_ranking_fixtures.py.
struct ReferenceCases: Decodable {
  struct Sparse: Decodable {
    var variant: String
    var threshold: Double
    var value: Double?
  }

  struct Case: Decodable, CustomStringConvertible {
    var name: String
    var x: [Double]
    var y: [Double]
    var kendallTauB: Double?
    var spearmanRho: Double?
    var pearsonR: Double?
    var sparse: [Sparse]?

    var description: String { name }
  }

  var scipy: String
  var cases: [Case]

  static func load() throws -> ReferenceCases {
    guard
      let url = Bundle.module.url(
        forResource: "ranking_cases", withExtension: "json", subdirectory: "Fixtures")
    else {
      throw CairnError.invalidFile(
        path: "Fixtures/ranking_cases.json", problem: "not in the bundle")
    }
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    return try decoder.decode(ReferenceCases.self, from: Data(contentsOf: url))
  }
}

import CairnCore

extension DARTSGenotype {
  /// Parses the DARTS code's `Genotype(normal=[('op', input), …], normal_concat=[…], reduce=[…], reduce_concat=[…])`,
  /// with single or double quotes, any white space, and `range(a, b)` for a concatenation. Throws
  /// `CairnError.invalidInput` naming the problem (an unknown op, an input out of range, a node with one input, a
  /// missing or repeated field, …).
  public init(parsing text: String) throws(CairnError) {
    var reader = GenotypeReader(text)
    let fields = try reader.genotype()
    func field(_ name: String) throws(CairnError) -> GenotypeReader.Value {
      guard let value = fields[name] else {
        throw .invalidInput("DARTS genotype has no '\(name)' field")
      }
      return value
    }
    func cell(_ name: String) throws(CairnError) -> DARTSCell {
      guard case .edges(let edges) = try field(name) else {
        throw .invalidInput("DARTS genotype field '\(name)' must be a list of (op, input) pairs")
      }
      let concat: [Int]
      switch fields[name + "_concat"] {
      case .none: concat = DARTSCell.standardConcat
      case .numbers(let numbers)?: concat = numbers
      case .edges?:
        throw .invalidInput("DARTS genotype field '\(name)_concat' must be a list of nodes")
      }
      do {
        return try DARTSCell(edges: edges, concat: concat)
      } catch {
        throw .invalidInput("DARTS genotype \(name) cell: \(error.description)")
      }
    }
    for name in fields.keys
    where !["normal", "normal_concat", "reduce", "reduce_concat"].contains(name) {
      throw .invalidInput(
        "DARTS genotype has an unknown field '\(name)'; expected normal, normal_concat, reduce, reduce_concat"
      )
    }
    self.init(normal: try cell("normal"), reduce: try cell("reduce"))
  }
}

/// Reads the text of a `Genotype(...)` into its fields.
struct GenotypeReader {
  enum Value {
    case edges([DARTSCell.Edge])
    case numbers([Int])
  }

  private let characters: [Character]
  private var position = 0

  init(_ text: String) { characters = Array(text) }

  mutating func genotype() throws(CairnError) -> [String: Value] {
    try expect("Genotype")
    try expect("(")
    var fields: [String: Value] = [:]
    while true {
      skipSpace()
      if peek() == ")" { break }
      let name = word()
      guard !name.isEmpty else { throw problem("expected a field name") }
      try expect("=")
      guard fields[name] == nil else {
        throw .invalidInput("DARTS genotype field '\(name)' appears twice")
      }
      fields[name] = try value()
      skipSpace()
      if peek() == "," { position += 1 } else { break }
    }
    try expect(")")
    skipSpace()
    guard position == characters.count else { throw problem("unexpected text after the genotype") }
    return fields
  }

  private mutating func value() throws(CairnError) -> Value {
    skipSpace()
    if peek() == "r" {
      try expect("range")
      try expect("(")
      let low = try number()
      try expect(",")
      let high = try number()
      try expect(")")
      guard low < high else { throw problem("range(\(low), \(high)) is empty") }
      return .numbers(Array(low..<high))
    }
    try expect("[")
    skipSpace()
    if peek() == "(" {
      var edges: [DARTSCell.Edge] = []
      while true {
        try expect("(")
        let name = try quoted()
        guard let op = DARTSOp(rawValue: name) else {
          throw .invalidInput(
            "unknown DARTS op '\(name)'; expected one of \(DARTSOp.nameList)")
        }
        try expect(",")
        edges.append(DARTSCell.Edge(op: op, input: try number()))
        try expect(")")
        skipSpace()
        if peek() == "," { position += 1 } else { break }
      }
      try expect("]")
      return .edges(edges)
    }
    var numbers: [Int] = []
    while peek() != "]" {
      numbers.append(try number())
      skipSpace()
      if peek() == "," { position += 1 } else { break }
    }
    try expect("]")
    return .numbers(numbers)
  }

  private mutating func number() throws(CairnError) -> Int {
    skipSpace()
    let start = position
    if peek() == "-" { position += 1 }
    while let c = peek(), c.isASCII, c.isNumber { position += 1 }
    guard let value = Int(String(characters[start..<position])) else {
      throw problem("expected a whole number")
    }
    return value
  }

  private mutating func quoted() throws(CairnError) -> String {
    skipSpace()
    guard let quote = peek(), quote == "'" || quote == "\"" else {
      throw problem("expected a quoted op name")
    }
    position += 1
    let start = position
    while let c = peek(), c != quote { position += 1 }
    guard peek() == quote else { throw problem("an op name is not closed") }
    let text = String(characters[start..<position])
    position += 1
    return text
  }

  private mutating func word() -> String {
    skipSpace()
    let start = position
    while let c = peek(), c.isLetter || c.isNumber || c == "_" { position += 1 }
    return String(characters[start..<position])
  }

  private mutating func expect(_ token: String) throws(CairnError) {
    skipSpace()
    for expected in token {
      guard peek() == expected else { throw problem("expected '\(token)'") }
      position += 1
    }
  }

  private mutating func skipSpace() {
    while let c = peek(), c.isWhitespace { position += 1 }
  }

  private func peek() -> Character? { position < characters.count ? characters[position] : nil }

  private func problem(_ message: String) -> CairnError {
    .invalidInput("DARTS genotype: \(message) at character \(position + 1)")
  }
}

import CairnCore

extension NB201Architecture {
  /// The official string, `|op~0|+|op~0|op~1|+|op~0|op~1|op~2|`, as the benchmark writes it.
  public var archString: String {
    var text = ""
    var edge = 0
    for target in 1..<Self.nodeCount {
      if target > 1 { text += "+" }
      text += "|"
      for source in 0..<target {
        text += "\(self[edge: edge].rawValue)~\(source)|"
        edge += 1
      }
    }
    return text
  }

  /// Parses the official string `|op~0|+|op~0|op~1|+|op~0|op~1|op~2|` strictly.
  ///
  /// Nothing is trimmed or guessed: the wrong number of nodes or edges, a wrong `~j` input index, an unknown op
  /// name, missing bars or any extra characters throw `CairnError.invalidInput` naming the string and the problem.
  public init(parsing text: String) throws(CairnError) {
    let shown = "NB201 architecture '\(Self.abbreviated(text))'"
    guard !text.isEmpty else {
      throw CairnError.invalidInput("empty NB201 architecture; expected \(Self.template)")
    }
    let nodes = text.split(separator: "+", omittingEmptySubsequences: false)
    guard nodes.count == Self.nodeCount - 1 else {
      throw CairnError.invalidInput(
        "\(shown) has \(nodes.count) node\(nodes.count == 1 ? "" : "s") separated by '+'; "
          + "expected \(Self.nodeCount - 1), as in \(Self.template)")
    }
    var ops: [NB201Op] = []
    for (offset, node) in nodes.enumerated() {
      let target = offset + 1
      guard node.count >= 2, node.first == "|", node.last == "|" else {
        throw CairnError.invalidInput(
          "node \(target) '\(node)' of \(shown) must start and end with '|'; expected \(Self.template)"
        )
      }
      let edges = node.dropFirst().dropLast().split(
        separator: "|", omittingEmptySubsequences: false)
      guard edges.count == target else {
        throw CairnError.invalidInput(
          "node \(target) '\(node)' of \(shown) has \(edges.count) input edge\(edges.count == 1 ? "" : "s"); "
            + "expected \(target)")
      }
      for (source, edge) in edges.enumerated() {
        let parts = edge.split(separator: "~", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
          throw CairnError.invalidInput(
            "edge '\(edge)' of node \(target) in \(shown) is not of the form 'op~input'")
        }
        guard parts[1] == "\(source)" else {
          throw CairnError.invalidInput(
            "edge '\(edge)' of node \(target) in \(shown) has input '\(parts[1])'; expected \(source)"
          )
        }
        guard let op = NB201Op(rawValue: String(parts[0])) else {
          throw CairnError.invalidInput(
            "unknown op '\(parts[0])' in \(shown); expected one of \(NB201Op.nameList)")
        }
        ops.append(op)
      }
    }
    self.init(uncheckedOps: ops)
  }

  static let template = "'|op~0|+|op~0|op~1|+|op~0|op~1|op~2|'"

  /// `text`, cut to a length fit for a one-line error message.
  static func abbreviated(_ text: String) -> String {
    text.count <= 160 ? text : String(text.prefix(160)) + "…"
  }
}

extension NB201Architecture: Codable {
  /// Decodes the official string.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    let text = try container.decode(String.self)
    do {
      try self.init(parsing: text)
    } catch {
      throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
    }
  }

  /// Encodes the official string.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(archString)
  }
}

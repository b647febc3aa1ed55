import CairnCore
import Foundation
import Yams

/// Reads YAML configuration files strictly: every key must be known, values must decode, and errors name the
/// file, the key path and the problem in one line.
public enum ConfigurationFile {
  /// Decodes `type` from the YAML file at `url`, over `defaults`. `schema` is a value with every optional key set,
  /// so its encoding lists every valid key (snake_case); unknown keys are rejected with the nearest valid one.
  public static func load<T: Codable>(_ type: T.Type, from url: URL, defaults: T, schema: T)
    throws(CairnError) -> T
  {
    let text: String
    do {
      text = try String(contentsOf: url, encoding: .utf8)
    } catch {
      throw .invalidFile(
        path: url.path, problem: "cannot read configuration (\(error.localizedDescription))")
    }
    return try decode(type, from: text, path: url.path, defaults: defaults, schema: schema)
  }

  /// Decodes from YAML text; `path` names the source in errors.
  public static func decode<T: Codable>(
    _ type: T.Type, from text: String, path: String, defaults: T, schema: T
  )
    throws(CairnError) -> T
  {
    let node: Node?
    do {
      node = try Yams.compose(yaml: text)
    } catch {
      throw .invalidFile(path: path, problem: "not valid YAML (\(error))")
    }
    guard let node else { return defaults }
    guard node.mapping != nil else {
      throw .invalidFile(path: path, problem: "the top level must be a mapping")
    }
    try check(node, against: try keyTree(of: schema), prefix: "", path: path)
    // Merge the file over the defaults so every key is optional.
    let merged: Any
    do {
      let base = try JSONSerialization.jsonObject(with: snakeCaseEncoder().encode(defaults))
      merged = overlay(base, with: try Yams.load(yaml: text) as Any)
    } catch {
      throw .invalidFile(path: path, problem: "cannot read values (\(error))")
    }
    do {
      let data = try JSONSerialization.data(withJSONObject: merged)
      let decoder = JSONDecoder()
      decoder.keyDecodingStrategy = .convertFromSnakeCase
      return try decoder.decode(T.self, from: data)
    } catch let DecodingError.typeMismatch(expected, context), let DecodingError.valueNotFound(
      expected, context)
    {
      throw .invalidFile(
        path: path, problem: "key '\(dotted(context.codingPath))' must be \(describe(expected))")
    } catch let DecodingError.dataCorrupted(context) {
      throw .invalidFile(
        path: path, problem: "key '\(dotted(context.codingPath))': \(context.debugDescription)")
    } catch {
      throw .invalidFile(path: path, problem: "\(error)")
    }
  }

  static func snakeCaseEncoder() -> JSONEncoder {
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    return encoder
  }

  /// The key tree of a value: nested mappings of snake_case keys (leaves map to nil).
  static func keyTree<T: Encodable>(of value: T) throws(CairnError) -> [String: Any] {
    do {
      let object = try JSONSerialization.jsonObject(with: snakeCaseEncoder().encode(value))
      return (object as? [String: Any]) ?? [:]
    } catch {
      throw .failure("cannot describe the configuration schema (\(error))")
    }
  }

  static func check(_ node: Node, against schema: [String: Any], prefix: String, path: String)
    throws(CairnError)
  {
    guard let mapping = node.mapping else { return }
    for (keyNode, valueNode) in mapping {
      guard let key = keyNode.string else {
        throw .invalidFile(path: path, problem: "keys must be strings")
      }
      let full = prefix + key
      guard let sub = schema[key] else {
        var message = "unknown key '\(full)'"
        if let nearest = NameMatching.nearest(to: key, among: Array(schema.keys)) {
          message += "; did you mean '\(prefix + nearest)'?"
        }
        throw .invalidFile(path: path, problem: message)
      }
      if let nested = sub as? [String: Any] {
        guard valueNode.mapping != nil else {
          throw .invalidFile(
            path: path, problem: "key '\(full)' must be a mapping of \(nested.keys.sorted())")
        }
        try check(valueNode, against: nested, prefix: full + ".", path: path)
      }
    }
  }

  /// `file` laid over `base`: mappings merge key by key (recursively); any other value replaces the base's.
  public static func overlay(_ base: Any, with file: Any) -> Any {
    guard var baseMap = base as? [String: Any], let fileMap = file as? [String: Any] else {
      return file
    }
    for (key, value) in fileMap {
      baseMap[key] = baseMap[key].map { overlay($0, with: value) } ?? value
    }
    return baseMap
  }

  static func dotted(_ path: [CodingKey]) -> String {
    path.map { key in
      key.stringValue.reduce(into: "") { result, character in
        if character.isUppercase {
          result += "_" + character.lowercased()
        } else {
          result.append(character)
        }
      }
    }.joined(separator: ".")
  }

  static func describe(_ type: Any.Type) -> String {
    let name = "\(type)"
    if name.contains("Int") { return "an integer" }
    if name.contains("Float") || name.contains("Double") { return "a number" }
    if name.contains("Bool") { return "true or false" }
    if name.contains("String") { return "a string" }
    return "a \(name)"
  }
}

/// Edit-distance suggestions for mistyped names.
public enum NameMatching {
  /// The candidate closest to `name` by Levenshtein distance, if it is close enough to be a likely typo.
  public static func nearest(to name: String, among candidates: [String]) -> String? {
    let scored = candidates.map { ($0, distance(name, $0)) }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }
    guard let best = scored.first, best.1 <= max(2, name.count / 3) else { return nil }
    return best.0
  }

  static func distance(_ a: String, _ b: String) -> Int {
    let x = Array(a)
    let y = Array(b)
    var previous = Array(0...y.count)
    for i in 1...max(x.count, 1) where !x.isEmpty {
      var current = [i] + [Int](repeating: 0, count: y.count)
      for j in 1...max(y.count, 1) where !y.isEmpty {
        current[j] = min(
          previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
      }
      previous = current
    }
    return x.isEmpty ? y.count : previous[y.count]
  }
}

extension KeyedDecodingContainer {
  /// The value for `key`, or `fallback` when the key is absent (a present but malformed value still throws).
  public func value<T: Decodable>(for key: Key, default fallback: T) throws -> T {
    try decodeIfPresent(T.self, forKey: key) ?? fallback
  }
}

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
    let text = try readText(url, what: "configuration")
    return try decode(type, from: text, path: url.path, defaults: defaults, schema: schema)
  }

  /// The UTF-8 text of the file at `url`; a file that cannot be read is an error naming it and `what` it is.
  public static func readText(_ url: URL, what: String) throws(CairnError) -> String {
    try InputFile.text(url, limit: InputFile.configurationLimit, what: what)
  }

  /// Decodes `type` from the YAML file at `url` as `load(_:from:defaults:schema:)` does, then runs `validate` on it;
  /// a value it refuses is reported as a problem of the file.
  public static func load<T: Codable>(
    _ type: T.Type, from url: URL, defaults: T, schema: T,
    validate: (T) throws(CairnError) -> Void
  ) throws(CairnError) -> T {
    let value = try load(type, from: url, defaults: defaults, schema: schema)
    do {
      try validate(value)
    } catch {
      throw .invalidFile(path: url.path, problem: error.description)
    }
    return value
  }

  /// A configuration as compact JSON with sorted keys: what a checkpoint records and is matched against on resume.
  public static func identity<C: Encodable>(of configuration: C) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(configuration), as: UTF8.self)
  }

  /// The top-level mapping of YAML `text` as string-keyed trees (nested mappings `[String: Any]`, lists `[Any]`,
  /// null as `NSNull`); throws naming `path` when the text is not YAML or not a mapping.
  public static func mapping(_ text: String, path: String) throws(CairnError) -> [String: Any] {
    let loaded = try YAMLDocument.load(text, path: path)
    guard let top = stringKeyed(loaded) as? [String: Any] else {
      throw .invalidFile(path: path, problem: "the top level must be a mapping")
    }
    return top
  }

  /// `value` with every mapping's keys as strings and nulls as `NSNull`.
  public static func stringKeyed(_ value: Any?) -> Any? {
    switch value {
    case let map as [AnyHashable: Any]:
      var result: [String: Any] = [:]
      for (key, item) in map { result["\(key.base)"] = stringKeyed(item) ?? NSNull() }
      return result
    case let list as [Any]:
      return list.map { stringKeyed($0) ?? NSNull() }
    default:
      return value
    }
  }

  /// Throws `<key> must be <range>, got <value>` unless `condition` holds: the one form of a range check.
  public static func require(_ condition: Bool, _ key: String, _ value: Any, _ range: String)
    throws(CairnError)
  {
    guard condition else { throw .invalidInput("\(key) must be \(range), got \(value)") }
  }

  /// Decodes from YAML text; `path` names the source in errors.
  public static func decode<T: Codable>(
    _ type: T.Type, from text: String, path: String, defaults: T, schema: T
  )
    throws(CairnError) -> T
  {
    guard let node = try YAMLDocument.compose(text, path: path) else { return defaults }
    guard node.mapping != nil else {
      throw .invalidFile(path: path, problem: "the top level must be a mapping")
    }
    try check(node, against: try keyTree(of: schema), prefix: "", path: path)
    // Merge the file over the defaults so every key is optional.
    let base: Any
    let file = node.any
    do {
      base = try JSONSerialization.jsonObject(with: snakeCaseEncoder().encode(defaults))
    } catch {
      throw .invalidFile(path: path, problem: "cannot read values (\(error))")
    }
    if let key = firstNonFinite(file, prefix: "") {
      throw .invalidFile(path: path, problem: "key '\(key)' must be a finite number")
    }
    let names = propertyNames(of: schema)
    do {
      return try decodeMerged(T.self, overlay(base, with: file), names: names)
    } catch {
      // Some decoding errors (a fraction or a negative number for an integer) name no key: find the one
      // whose value alone fails.
      let key = dotted(error.codingPath)
      if key.isEmpty,
        let culprit = failingKey(T.self, base: base, file: file, prefix: [], names: names)
      {
        throw .invalidFile(
          path: path,
          problem: "key '\(culprit.key)' has a value of the wrong kind (\(culprit.value))")
      }
      throw .invalidFile(path: path, problem: error.problem)
    }
  }

  /// Decodes `T` from a merged value tree of snake_case keys; throws `DecodingFailure` naming the key path.
  /// `names` (from `propertyNames(of:)`) gives the property of a key whose snake_case form does not convert back
  /// by capitalising words, such as `pad_fashion_mnist` for `padFashionMNIST`.
  static func decodeMerged<T: Decodable>(_ type: T.Type, _ merged: Any, names: [String: String])
    throws(DecodingFailure) -> T
  {
    do {
      let data = try JSONSerialization.data(withJSONObject: merged)
      let decoder = JSONDecoder()
      decoder.keyDecodingStrategy = .custom { path in
        let key = path.last?.stringValue ?? ""
        return PropertyKey(
          names[key.replacingOccurrences(of: "_", with: "").lowercased()] ?? camelCase(key))
      }
      return try decoder.decode(T.self, from: data)
    } catch let DecodingError.typeMismatch(expected, context), let DecodingError.valueNotFound(
      expected, context)
    {
      throw DecodingFailure(
        codingPath: context.codingPath,
        problem: "key '\(dotted(context.codingPath))' must be \(describe(expected))")
    } catch let DecodingError.dataCorrupted(context) {
      throw DecodingFailure(
        codingPath: context.codingPath,
        problem: "key '\(dotted(context.codingPath))': \(context.debugDescription)")
    } catch {
      throw DecodingFailure(codingPath: [], problem: "\(error)")
    }
  }

  /// The dotted key of the first number in `value` that is not finite (YAML's .nan and .inf).
  public static func firstNonFinite(_ value: Any, prefix: String) -> String? {
    if let map = value as? [String: Any] {
      for key in map.keys.sorted() {
        if let found = firstNonFinite(map[key] as Any, prefix: prefix + key + ".") { return found }
      }
      return nil
    }
    if let list = value as? [Any] {
      for item in list {
        if let found = firstNonFinite(item, prefix: prefix) { return found }
      }
      return nil
    }
    if let number = value as? Double, !number.isFinite { return String(prefix.dropLast()) }
    return nil
  }

  /// The first leaf of `file` (by sorted key) that fails to decode when laid alone over `base`.
  static func failingKey<T: Decodable>(
    _ type: T.Type, base: Any, file: Any, prefix: [String], names: [String: String]
  ) -> (key: String, value: String)? {
    guard let map = file as? [String: Any] else {
      var single: Any = file
      for key in prefix.reversed() { single = [key: single] }
      guard (try? decodeMerged(T.self, overlay(base, with: single), names: names)) == nil else {
        return nil
      }
      return (prefix.joined(separator: "."), "\(file)")
    }
    for (key, value) in map.sorted(by: { $0.key < $1.key }) {
      if let found = failingKey(
        T.self, base: base, file: value, prefix: prefix + [key], names: names)
      {
        return found
      }
    }
    return nil
  }

  /// Every property name (camelCase) in the encoding of `schema`, at any depth, by its lowercased form without
  /// underscores — the form a snake_case key reduces to as well.
  static func propertyNames<T: Encodable>(of schema: T) -> [String: String] {
    guard let data = try? JSONEncoder().encode(schema),
      let object = try? JSONSerialization.jsonObject(with: data)
    else { return [:] }
    var names: [String: String] = [:]
    func collect(_ value: Any) {
      if let map = value as? [String: Any] {
        for (key, item) in map {
          names[key.lowercased()] = key
          collect(item)
        }
      } else if let list = value as? [Any] {
        list.forEach(collect)
      }
    }
    collect(object)
    return names
  }

  /// `snake_case` as `snakeCase` (what `JSONDecoder.KeyDecodingStrategy.convertFromSnakeCase` does to a key).
  static func camelCase(_ key: String) -> String {
    let words = key.split(separator: "_")
    guard let first = words.first, words.count > 1 else { return key }
    return first.lowercased() + words.dropFirst().map { $0.capitalized }.joined()
  }

  static func snakeCaseEncoder() -> JSONEncoder {
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    return encoder
  }

  /// The key tree of a value: nested mappings of snake_case keys (leaves map to their values).
  public static func keyTree<T: Encodable>(of value: T) throws(CairnError) -> [String: Any] {
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
    if name.hasPrefix("Array") { return "a list" }
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

/// A coding key named by text, for the custom key decoding of `ConfigurationFile.decodeMerged`.
struct PropertyKey: CodingKey {
  var stringValue: String
  var intValue: Int? { nil }
  init(_ name: String) { stringValue = name }
  init?(stringValue: String) { self.stringValue = stringValue }
  init?(intValue: Int) { nil }
}

/// A decoding error with the key path it happened at.
struct DecodingFailure: Error {
  var codingPath: [CodingKey]
  var problem: String
}

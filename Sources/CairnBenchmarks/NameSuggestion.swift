/// Picks the closest of a list of valid names to a misspelt one, for error messages.
enum NameSuggestion {
  /// The candidate with the smallest edit distance to `name` (the earliest on a tie), or nil when there is none.
  static func nearest(to name: String, among candidates: [String]) -> String? {
    let target = Array(name.utf8)
    var best: (name: String, distance: Int)?
    for candidate in candidates {
      let distance = editDistance(target, Array(candidate.utf8))
      if best == nil || distance < best!.distance { best = (candidate, distance) }
    }
    return best?.name
  }

  /// The Levenshtein distance: the fewest single-byte insertions, deletions and substitutions turning `a` into `b`.
  static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
        current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
      }
      swap(&previous, &current)
    }
    return previous[b.count]
  }

  /// "unknown <what> 'name'; did you mean 'x'? valid <what>s: a, b, c".
  static func unknownNameMessage(what: String, name: String, context: String, valid: [String])
    -> String
  {
    var message = "unknown \(what) '\(name)'\(context)"
    if let nearest = nearest(to: name, among: valid) { message += "; did you mean '\(nearest)'?" }
    message += " valid \(what)s: " + valid.joined(separator: ", ")
    return message
  }
}

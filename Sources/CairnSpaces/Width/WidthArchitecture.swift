import CairnCore

/// One network of the ResNet-20 width space: the output width of each of its 19 convolutions, stem first, then
/// the two convolutions of each of the 9 basic blocks in order.
///
/// Text form: the widths joined by `-`, e.g. `16-8-12-…-64` (19 numbers). Parsing checks the form only (19
/// positive integers); `WidthSpace` checks that each width is a candidate of its layer.
public struct WidthArchitecture: Hashable, Codable, Sendable, CustomStringConvertible {
  /// The number of chosen widths: the stem and 2 convolutions in each of 3 stages × 3 blocks.
  public static let layerCount = 19

  /// Output channels of each convolution, in network order.
  public let widths: [Int]

  /// An architecture of these widths; throws unless there are 19 and each is positive.
  public init(widths: [Int]) throws(CairnError) {
    guard widths.count == Self.layerCount else {
      throw .invalidInput(
        "a ResNet-20 width architecture has \(Self.layerCount) widths, got \(widths.count)")
    }
    if let bad = widths.firstIndex(where: { $0 < 1 }) {
      throw .invalidInput("width \(widths[bad]) of layer \(bad + 1) must be positive")
    }
    self.widths = widths
  }

  /// An architecture of widths the caller has already checked (19, each positive).
  init(checkedWidths widths: [Int]) { self.widths = widths }

  /// Reads the text form `w1-w2-…-w19`; throws naming the text and what is wrong with it.
  public init(parsing text: String) throws(CairnError) {
    let fields = text.split(separator: "-", omittingEmptySubsequences: false)
    var widths: [Int] = []
    for (position, field) in fields.enumerated() {
      let trimmed = field.trimmingWhitespace
      guard let width = Int(trimmed), String(width) == trimmed else {
        throw .invalidInput(
          "width architecture '\(text)': field \(position + 1) ('\(field)') is not a whole number")
      }
      widths.append(width)
    }
    do {
      try self.init(widths: widths)
    } catch {
      throw .invalidInput("width architecture '\(text)': \(error.description)")
    }
  }

  public var description: String { widths.map(String.init).joined(separator: "-") }
}

extension Substring {
  fileprivate var trimmingWhitespace: String {
    String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
  }
}

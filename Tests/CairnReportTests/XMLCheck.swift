import Foundation
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Parses markup as XML and counts elements, so tests can check that SVG and HTML are well formed.
enum XMLCheck {
  /// The document parsed from `markup`; throws when it is not well-formed XML.
  static func parse(_ markup: String) throws -> XMLDocument {
    try XMLDocument(xmlString: markup, options: [])
  }

  /// The number of elements named `name` (any namespace), optionally with `class="className"`.
  static func count(_ name: String, className: String? = nil, in markup: String) throws -> Int {
    let document = try parse(markup)
    var path = "//*[local-name()='\(name)']"
    if let className { path += "[@class='\(className)']" }
    return try document.nodes(forXPath: path).count
  }

  /// The string values of the attribute `attribute` of the elements named `name`.
  static func attribute(_ attribute: String, of name: String, in markup: String) throws -> [String]
  {
    let document = try parse(markup)
    return try document.nodes(forXPath: "//*[local-name()='\(name)']/@\(attribute)")
      .compactMap(\.stringValue)
  }

  /// The text content of the elements named `name`.
  static func texts(of name: String, in markup: String) throws -> [String] {
    let document = try parse(markup)
    return try document.nodes(forXPath: "//*[local-name()='\(name)']").compactMap(\.stringValue)
  }
}

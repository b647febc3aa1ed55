import Foundation

/// Finds Cairn's resource bundles (the built-in CIFAR-10 prefix, the shipped benchmark tables) without stopping
/// the process when they are missing, as SwiftPM's generated `Bundle.module` does when a binary is moved away
/// from them.
///
/// The bundle of module `M` is the directory `Cairn_M.resources`, looked for, in order: in `$CAIRN_RESOURCES`,
/// next to the executable (where `swift build` puts it), and in `<prefix>/share/cairn` for an executable in
/// `<prefix>/bin` (where `make install` puts it).
public enum ResourceBundle {
  /// The environment variable naming a directory that holds the bundles.
  public static let environmentVariable = "CAIRN_RESOURCES"

  /// The directory name of `module`'s bundle.
  public static func name(of module: String) -> String { "Cairn_\(module).resources" }

  /// The places looked in for `module`'s bundle, in order.
  public static func candidates(
    for module: String, environment: [String: String] = ProcessInfo.processInfo.environment,
    executable: URL = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
  ) -> [URL] {
    let bundle = name(of: module)
    var roots: [URL] = []
    if let root = environment[environmentVariable], !root.isEmpty {
      roots.append(URL(fileURLWithPath: root))
    }
    let directory = executable.resolvingSymlinksInPath().deletingLastPathComponent()
    roots.append(directory)
    roots.append(
      directory.deletingLastPathComponent().appendingPathComponent("share")
        .appendingPathComponent("cairn"))
    return roots.map { $0.appendingPathComponent(bundle) }
  }

  /// The directory of `module`'s bundle; throws naming every place looked when none holds it.
  public static func directory(
    for module: String, environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws(CairnError) -> URL {
    let places = candidates(for: module, environment: environment)
    for place in places {
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: place.path, isDirectory: &isDirectory),
        isDirectory.boolValue
      {
        return place
      }
    }
    throw .invalidFile(
      path: name(of: module),
      problem:
        "Cairn's resources are missing; looked in \(places.map(\.path).joined(separator: ", ")) (set $\(environmentVariable) or reinstall with `make install`)"
    )
  }

  /// The file or directory `path` inside `module`'s bundle; throws naming it when it is missing.
  public static func url(_ path: String, in module: String) throws(CairnError) -> URL {
    let url = try directory(for: module).appendingPathComponent(path)
    guard FileManager.default.fileExists(atPath: url.path) else {
      throw .invalidFile(path: url.path, problem: "missing from Cairn's \(module) resources")
    }
    return url
  }
}

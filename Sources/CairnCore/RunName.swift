/// Checks names that become directories under `runs/` (a configuration's `name`): relative paths that cannot
/// leave the runs directory.
public enum RunName {
  /// Throws naming `key` unless `name` is non-empty, relative, and made of components other than `.` and `..`
  /// (`/` separates components, as experiment cells' names `exp/arm/seed-0` do); NUL and `\` are refused.
  public static func check(_ name: String, key: String) throws(CairnError) {
    let components = name.split(separator: "/", omittingEmptySubsequences: false)
    guard !name.isEmpty, !name.hasPrefix("/"), !name.contains("\0"), !name.contains("\\"),
      components.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." })
    else {
      throw .invalidInput(
        "\(key) '\(name)' must be a relative name without '.', '..' or empty components (it names a directory under runs/)"
      )
    }
  }
}

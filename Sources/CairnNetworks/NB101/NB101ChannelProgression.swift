/// How the channels of an NB101 network grow from stack to stack.
public enum NB101ChannelProgression: String, Codable, CaseIterable, Sendable {
  /// NAS-Bench-101's own network: stack 0 keeps the stem width C, and the first module of stacks 1 and 2
  /// doubles it (C, 2C, 4C; 128, 256, 512 for the benchmark's 128-wide stem).
  case original
  /// The landmark-regularization code's network (nasws `NasBenchNet`): every stack doubles, its first module
  /// mapping its input width to twice that (2C, 4C, 8C).
  case landmarkCode = "landmark-code"

  /// The (input, output) channels of every module, stack by stack, for a stem of `stem` channels.
  func moduleChannels(stem: Int, stacks: Int, modulesPerStack: Int) -> [(input: Int, output: Int)] {
    var modules: [(input: Int, output: Int)] = []
    var width = stem
    for stack in 0..<stacks {
      let output = (self == .landmarkCode || stack > 0) ? 2 * width : width
      for module in 0..<modulesPerStack {
        modules.append((module == 0 ? width : output, output))
      }
      width = output
    }
    return modules
  }
}

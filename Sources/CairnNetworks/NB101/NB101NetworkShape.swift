import CairnCore

/// The shape of an NB101 network: a stem, three stacks of modules (cells) joined by 2x2 max pooling, and a
/// classifier.
public struct NB101NetworkShape: Codable, Hashable, Sendable {
  /// The number of stacks (fixed by NAS-Bench-101).
  public static let stackCount = 3

  /// C, the channels of the stem convolution. Default 128 (NAS-Bench-101's `stem_filter_size`).
  public var stemChannels: Int
  /// The modules per stack. Default 3.
  public var modulesPerStack: Int
  /// How the channels grow from stack to stack. Default `.original` (C, 2C, 4C).
  public var progression: NB101ChannelProgression
  /// The number of classes of the classifier.
  public var classes: Int
  /// The channels of the input images (3 for CIFAR, 1 for Fashion-MNIST).
  public var inputChannels: Int

  public init(
    stemChannels: Int = 128, modulesPerStack: Int = 3,
    progression: NB101ChannelProgression = .original,
    classes: Int = 10, inputChannels: Int = 3
  ) {
    self.stemChannels = stemChannels
    self.modulesPerStack = modulesPerStack
    self.progression = progression
    self.classes = classes
    self.inputChannels = inputChannels
  }

  /// The (input, output) channels of every module in order.
  public var moduleChannels: [(input: Int, output: Int)] {
    progression.moduleChannels(
      stem: stemChannels, stacks: Self.stackCount, modulesPerStack: modulesPerStack)
  }

  /// The channels the classifier sees: the output width of the last module.
  public var finalChannels: Int { moduleChannels.last?.output ?? stemChannels }

  /// Throws `CairnError.invalidInput` unless every count is positive and every module's output width is at
  /// least `minimumWidth` and a multiple of `divisor`.
  public func validate(minimumWidth: Int, divisor: Int = 1) throws(CairnError) {
    let counts = [
      ("stem channels", stemChannels), ("modules per stack", modulesPerStack),
      ("classes", classes), ("input channels", inputChannels),
    ]
    for (name, value) in counts where value < 1 {
      throw .invalidInput("NB101 network \(name) must be positive, got \(value)")
    }
    let widths = moduleChannels.map(\.output)
    if let narrow = widths.first(where: { $0 < minimumWidth }) {
      throw .invalidInput(
        "NB101 network module width \(narrow) (stem \(stemChannels), \(progression.rawValue) "
          + "progression) is below \(minimumWidth), the channels needed to give every vertex feeding a "
          + "cell's output at least one; use more stem channels")
    }
    if let uneven = widths.first(where: { $0 % divisor != 0 }) {
      throw .invalidInput(
        "NB101 network module width \(uneven) (stem \(stemChannels), \(progression.rawValue) "
          + "progression) does not split into \(divisor) equal vertex widths; use stem channels that "
          + "make every module width a multiple of \(divisor)")
    }
  }
}

import CairnCore
import CairnEngine
import CairnSpaces

/// The widest widths a ResNet-20 width network holds, layer by layer (stem, then two per block), and its input
/// and output sizes.
public struct WidthNetworkShape: Hashable, Codable, Sendable {
  /// The allocated output channels of each of the 19 convolutions.
  public var widths: [Int]
  public var classes: Int
  public var inputChannels: Int

  public init(widths: [Int], classes: Int = 10, inputChannels: Int = 3) {
    self.widths = widths
    self.classes = classes
    self.inputChannels = inputChannels
  }

  /// The super-net's shape: the space's widest choice at every layer.
  public static func supernet(classes: Int = 10, inputChannels: Int = 3) -> WidthNetworkShape {
    WidthNetworkShape(
      widths: WidthSpace().maximumWidths, classes: classes, inputChannels: inputChannels)
  }

  /// A stand-alone network's shape for `architecture` run under `design`: each layer holds the channels it
  /// runs at, and at least `Conv2d.fastChannelMinimum` (narrower layers run sliced from 8 allocated channels,
  /// because oneDNN has fast kernels for 8 channels but only reference code below; the extra weights get no
  /// gradient).
  public static func standalone(
    _ architecture: WidthArchitecture, design: WidthDesign = .none, classes: Int = 10,
    inputChannels: Int = 3
  ) -> WidthNetworkShape {
    WidthNetworkShape(
      widths: architecture.widths.map {
        max(design.runningWidth($0), Conv2d.fastChannelMinimum)
      },
      classes: classes, inputChannels: inputChannels)
  }

  /// Throws naming the problem unless there are 19 positive widths and positive class and input counts.
  public func validate() throws(CairnError) {
    guard widths.count == WidthArchitecture.layerCount, widths.allSatisfy({ $0 > 0 }) else {
      throw .invalidInput(
        "a ResNet-20 width network needs \(WidthArchitecture.layerCount) positive widths, got \(widths)"
      )
    }
    guard classes > 1, inputChannels > 0 else {
      throw .invalidInput(
        "a ResNet-20 width network needs at least 2 classes and 1 input channel, got \(classes) and \(inputChannels)"
      )
    }
  }
}

/// The datasets Cairn reads.
public enum DatasetName: String, CaseIterable, Codable, Sendable {
  case cifar10 = "cifar10"
  case cifar100 = "cifar100"
  case fashionMNIST = "fashion-mnist"

  /// The name people write: "CIFAR-10", "CIFAR-100", "Fashion-MNIST".
  public var displayName: String {
    switch self {
    case .cifar10: return "CIFAR-10"
    case .cifar100: return "CIFAR-100"
    case .fashionMNIST: return "Fashion-MNIST"
    }
  }

  /// Per-channel mean and standard deviation of the training images, in [0, 1] pixel units.
  ///
  /// Normalisation maps a pixel p of channel c to (p / 255 − mean[c]) / std[c].
  public var normalization: (mean: [Float], std: [Float]) {
    switch self {
    case .cifar10: return ([0.4914, 0.4822, 0.4465], [0.2470, 0.2435, 0.2616])
    case .cifar100: return ([0.5071, 0.4865, 0.4409], [0.2673, 0.2564, 0.2762])
    case .fashionMNIST: return ([0.2860], [0.3530])
    }
  }

  /// The number of classes (CIFAR-100: the 100 fine classes).
  public var classCount: Int { self == .cifar100 ? 100 : 10 }

  /// Image channels as stored: 3 for CIFAR, 1 for Fashion-MNIST.
  public var channels: Int { self == .fashionMNIST ? 1 : 3 }

  /// The class names in label order, as the official distributions give them.
  public var classNames: [String] {
    switch self {
    case .cifar10: return ClassNames.cifar10
    case .cifar100: return ClassNames.cifar100
    case .fashionMNIST: return ClassNames.fashionMNIST
    }
  }

  /// Names of a subdirectory holding this dataset inside a data root such as `$CAIRN_DATA_DIR`, in the order
  /// they are tried: the raw value, the hyphenated name, and the directory name of the official archive.
  public var subdirectoryNames: [String] {
    switch self {
    case .cifar10: return ["cifar10", "cifar-10", "cifar-10-batches-bin"]
    case .cifar100: return ["cifar100", "cifar-100", "cifar-100-binary"]
    case .fashionMNIST: return ["fashion-mnist", "fashionmnist"]
    }
  }
}

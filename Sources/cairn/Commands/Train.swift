import ArgumentParser
import CairnBenchmarks
import CairnCore
import CairnData
import CairnEngine
import CairnSpaces
import CairnSupernet
import CairnTraining
import Foundation

extension DatasetName: ExpressibleByArgument {}
extension Augmentation: ExpressibleByArgument {}
extension SpaceName: ExpressibleByArgument {}
extension ConvolutionPrecision: ExpressibleByArgument {}

/// `cairn train`: trains one architecture stand-alone (the ground truth for landmarks on tasks with no table).
struct Train: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Train one architecture from scratch and report its test accuracy.",
    discussion: """
      SGD with Nesterov momentum 0.9, weight decay 5e-4 and a cosine learning rate per step, as NAS-Bench-201 \
      trains its architectures. The run directory holds the resolved config, metrics.jsonl, an atomic checkpoint \
      written every epoch, and result.json. Running the same command again resumes; Ctrl-C stops at the next \
      step with a checkpoint.
      """)

  @Option(help: "The search space: \(SpaceName.nameList).") var space: SpaceName = .nb201
  @Option(
    help:
      "The architecture: nb201 |op~0|+|op~0|op~1|+|op~0|op~1|op~2| or an index 0...15624; nb101 bits:ops or a module hash; darts Genotype(normal=[...], normal_concat=[...], reduce=[...], reduce_concat=[...])."
  )
  var arch: String
  @Option(help: "The dataset: \(DatasetName.allCases.map(\.rawValue).joined(separator: ", ")).")
  var dataset: DatasetName = .cifar10
  @Option(
    help:
      "A directory with the dataset's files (default: $CAIRN_DATA_DIR/<dataset> or the built-in data)."
  )
  var dataDir: String?
  @Option(help: "Training epochs.") var epochs = 1
  @Option(
    help:
      "Channels: C of the first stage (nb201), the stem's width (nb101; 128 in NAS-Bench-101), C of the first cells (darts; 36 in DARTS)."
  )
  var channels = 16
  @Option(
    help:
      "Cells N per stage (nb201, default 5), modules per stack (nb101, default 5; 3 in NAS-Bench-101), or cells in all (darts, default 20)."
  )
  var cells: Int?
  @Option(
    help:
      "darts: weight of the auxiliary head's loss (DARTS uses 0.4; default 0, no auxiliary head).")
  var auxWeight: Float?
  @Option(
    help:
      "darts: drop-path probability, ramped linearly from 0 over the epochs (DARTS uses 0.2; default 0)."
  )
  var dropPath: Float?
  @Option(help: "Images per batch.") var batchSize = 256
  @Option(help: "Initial learning rate (cosine-annealed to --min-lr).") var lr: Float = 0.1
  @Option(help: "Final learning rate.") var minLr: Float = 0
  @Option(help: "Random seed (initialisation, data order, augmentation).") var seed: UInt64 = 0
  @Option(help: "oneDNN threads (default: all cores).") var threads: Int?
  @Option(
    help:
      "Convolution precision: fp32, or bf16 (bf16 operands, f32 master weights; needs AVX512_BF16 or AMX, see cairn doctor)."
  )
  var precision: ConvolutionPrecision = .float32
  @Option(help: "Use only the first N training images (and N/4 test images).") var limit: Int?
  @Flag(help: "Fashion-MNIST: pad 28x28 images to 32x32 instead of keeping 28x28.") var pad32 =
    false
  @Option(
    help:
      "Training augmentation: crop-flip (random crop and horizontal flip), flip (flip only) or none."
  )
  var augmentation: Augmentation = .cropFlip
  @Flag(help: "Record the test accuracy in Cairn's results store.") var record = false
  @Option(help: "The results store for --record (SQLite).") var store = ResultsStoreLocation
    .defaultPath
  @Flag(help: "Time every oneDNN primitive and print where the time went.") var profile = false
  @Option(help: "The run directory (default: runs/train-<arch index or hash>-<dataset>-s<seed>).")
  var runDir: String?

  func run() throws {
    try Cairn.reportingErrors {
      try ThreadOption.apply(threads)
      let (text, label) = try resolvedArchitecture()
      var configuration = StandaloneConfiguration(architecture: text)
      configuration.space = space
      configuration.dataset = dataset
      configuration.dataDirectory = dataDir
      configuration.epochs = epochs
      configuration.channels = channels
      if space == .darts {
        configuration.cells = cells ?? DARTSStandalone.defaultCells
      } else if let cells {
        configuration.cellsPerStage = cells
      }
      configuration.auxiliaryWeight = auxWeight
      configuration.dropPath = dropPath
      configuration.batchSize = batchSize
      configuration.learningRate = lr
      configuration.minimumLearningRate = minLr
      configuration.seed = seed
      configuration.limit = limit
      configuration.padFashionMNIST = pad32
      configuration.augmentation = augmentation
      configuration.precision = precision
      configuration = configuration.normalized
      let directory = runDir ?? "runs/train-\(label)-\(dataset.rawValue)-s\(seed)"
      let trainer = try StandaloneTrainer(
        configuration: configuration, runDirectory: RunDirectory(directory))
      let progress = ProgressBar.attached(to: trainer)
      print(
        "training \(text) on \(dataset.rawValue), run directory \(directory)")
      Profiler.isEnabled = profile
      let result = try trainer.train()
      progress.finish()
      if profile { ProfileReport.print() }
      print(
        String(
          format:
            "test accuracy %.2f%% (loss %.4f) after %d epochs; %d parameters; %.0f s, %.0f images/s",
          100 * result.testAccuracy, result.testLoss, result.epochs, result.parameters,
          result.trainingSeconds,
          result.imagesPerSecond))
      print("result: \(directory)/result.json")
      if record {
        try ResultsStoreLocation.open(store).record(
          StoredResult(
            space: space.rawValue, architecture: result.architecture, dataset: dataset.rawValue,
            configHash: configuration.protocolHash, seed: Int(seed),
            testAccuracy: 100 * result.testAccuracy,
            epochs: result.epochs, runDirectory: directory))
        print("recorded in \(store) (protocol \(configuration.protocolHash))")
      }
    }
  }

  /// The architecture's text and a short label for the run directory: an NB201 index or an NB101 module hash is
  /// looked up in the shipped table; any other text is read in the space's own form (a DARTS genotype's label is a
  /// hash of its identity).
  func resolvedArchitecture() throws -> (text: String, label: String) {
    switch space {
    case .nb201:
      let nb201 = NB201Space()
      let cell: NB201Architecture
      if let index = Int(arch) {
        cell = try nb201.architecture(at: index)
      } else {
        cell = try nb201.parse(arch)
      }
      return (cell.archString, (try? nb201.index(of: cell)).map(String.init) ?? "\(cell.code)")
    case .nb101:
      let table = try BenchmarkTable.shippedNB101()
      var cell: NB101Architecture
      if arch.count == 32, arch.allSatisfy(\.isHexDigit) {
        cell = try NB101Architecture(
          parsing: try table.entry(at: try table.row(forHash: arch)).architecture)
      } else {
        cell = try NB101Space().parse(arch)
      }
      cell = cell.pruned() ?? cell
      return (cell.description, String((cell.moduleHash ?? "invalid").prefix(12)))
    case .darts:
      let darts = DARTSSpace()
      let genotype = try darts.parse(arch)
      let hash = String(RandomStream.fnv1a(darts.identity(of: genotype)), radix: 16)
      return (genotype.description, "darts-\(hash)")
    case .resnet20Width:
      let architecture = try WidthStandalone.architecture(arch)
      return (architecture.description, "w-\(architecture)")
    }
  }
}

import CairnBenchmarks
import CairnCore
import CairnData
import CairnEngine
import CairnExperiment
import CairnSearch
import CairnSpaces
import CairnSupernet
import CairnTraining
import Foundation

/// One parser of outside input, driven by arbitrary bytes. Every target calls the same entry the `cairn` command
/// calls (file readers through a file, so size checks and gzip detection run too); thrown errors are the
/// expected answer to bad input and are ignored.
enum FuzzTarget: String, CaseIterable, Sendable {
  case nb201Architecture = "nb201-architecture"
  case nb101Architecture = "nb101-architecture"
  case dartsGenotype = "darts-genotype"
  case widthArchitecture = "width-architecture"
  case cifar
  case idx
  case table
  case benchImport = "bench-import"
  case supernetConfiguration = "supernet-configuration"
  case searchConfiguration = "search-configuration"
  case experimentPlan = "experiment-plan"
  case studyPlan = "study-plan"
  case benchmarkPlan = "benchmark-plan"
  case safetensors
  case checkpoint

  /// Runs the target on `data`.
  func run(_ data: Data, in scratch: Scratch) {
    let text = String(decoding: data, as: UTF8.self)
    switch self {
    case .nb201Architecture: Self.roundTrip(text, in: NB201Space())
    case .nb101Architecture: Self.roundTrip(text, in: NB101Space())
    case .dartsGenotype: Self.roundTrip(text, in: DARTSSpace(allowsNone: true))
    case .widthArchitecture: Self.roundTrip(text, in: WidthSpace())
    case .cifar:
      let url = scratch.file("data_batch_1.bin", holding: data)
      _ = try? CIFARReader.read(url, variant: .cifar10)
      _ = try? CIFARReader.read(url, variant: .cifar100)
    case .idx:
      let url = scratch.file("input-idx-ubyte", holding: data)
      _ = try? IDXReader.readImages(url)
      _ = try? IDXReader.readLabels(url, classCount: 10)
    case .table:
      let url = scratch.file("table.csv", holding: data)
      _ = try? BenchmarkTable.nb201(url: url)
      _ = try? BenchmarkTable.nb101(url: url)
    case .benchImport:
      let url = scratch.file("results.csv", holding: data)
      let store = scratch.emptyDirectory("store").appendingPathComponent("results.sqlite")
      _ = try? ResultsStore(path: store.path).importCSV(url: url)
    case .supernetConfiguration:
      let url = scratch.file("config.yaml", holding: data)
      _ = try? SupernetConfiguration.load(from: url)
      _ = try? SupernetPipeline.load(from: url)
    case .searchConfiguration:
      _ = try? SearchConfiguration.load(from: scratch.file("search.yaml", holding: data))
    case .experimentPlan: _ = try? ExperimentPlan.parse(text, path: "plan.yaml")
    case .studyPlan: _ = try? StudyPlan.parse(text, path: "study.yaml")
    case .benchmarkPlan: _ = try? BenchmarkPlan.parse(text, path: "bench.yaml")
    case .safetensors: Self.safetensorsRoundTrip(data)
    case .checkpoint: CheckpointFixture.restore(data, in: scratch)
    }
  }

  /// Parses `text`; what parses must format to text that parses back to the same architecture.
  private static func roundTrip<Space: SearchSpace>(_ text: String, in space: Space)
  where Space.Architecture: Equatable {
    guard let architecture = try? space.parse(text) else { return }
    let formatted = space.format(architecture)
    guard let again = try? space.parse(formatted), again == architecture else {
      fatalError(
        "\(space.name): '\(text)' parses, but its formatted text '\(formatted)' does not parse back to it"
      )
    }
  }

  /// Decodes `data`; what decodes must encode and decode to the same tensors.
  private static func safetensorsRoundTrip(_ data: Data) {
    guard let (tensors, metadata) = try? Safetensors.decode(data, path: "input.safetensors") else {
      return
    }
    let encoded = Safetensors.encode(tensors, metadata: metadata)
    guard let (again, metadataAgain) = try? Safetensors.decode(encoded, path: "encoded"),
      metadataAgain == metadata, again.keys == tensors.keys,
      again.allSatisfy({ name, tensor in
        tensor.shape == tensors[name]!.shape
          && bitsEqual(tensor.toArray(), tensors[name]!.toArray())
      })
    else { fatalError("safetensors: decoded tensors do not survive encoding and decoding") }
  }

  private static func bitsEqual(_ a: [Float], _ b: [Float]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern }
  }
}

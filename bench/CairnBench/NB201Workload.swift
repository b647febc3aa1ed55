// The NB201 workloads that bench/compare.py times side by side with bench/pytorch/nb201_bench.py. Both programs
// take the same arguments, run the same network on the same architecture list with synthetic CIFAR-shaped data,
// and print one JSON line.
import CairnCore
@_spi(Benchmarks) import CairnEngine
import CairnNetworks
import CairnSpaces
import CairnSupernet
import Foundation

/// One measured workload: which case, its batch and thread count, and the architectures it runs.
struct NB201Workload {
  enum Case: String {
    /// Super-net single-path training step: forward, cross-entropy, backward, clip, SGD.
    case step
    /// The step plus a landmark pair on a second batch: λ·max(0, L(better) − L(worse)) through both paths.
    case landmark
    /// Pool evaluation: forward only, one batch for each of `poolSize` architectures, batch statistics.
    case pool
    /// Stand-alone training step of one architecture's own network (N = 1).
    case standalone
  }

  var kind: Case
  var batch: Int
  var steps: Int
  var warmup: Int
  var architectures: [NB201Architecture]
  var poolSize = 200
  /// Time every oneDNN primitive of the timed repetitions (`--profile yes`).
  var profile = false
  /// The precision convolutions compute in (`--precision fp32|bf16`).
  var precision = ConvolutionPrecision.float32
  /// Whether nodes sum in Cairn's fused loops (`--kernels cairn`, the default) or in oneDNN's batch norms and
  /// additions (`--kernels onednn`).
  var ownKernels = true

  /// Parses `nb201 CASE --batch B --threads T --steps S --warmup W --archs FILE [--pool P] [--profile yes]
  /// [--precision fp32|bf16] [--kernels cairn|onednn]`.
  init(arguments: [String]) throws(CairnError) {
    guard let name = arguments.first, let kind = Case(rawValue: name) else {
      throw .invalidInput("nb201 needs a case: step, landmark, pool or standalone")
    }
    self.kind = kind
    var options: [String: String] = [:]
    var rest = arguments.dropFirst()
    while let key = rest.popFirst() {
      guard key.hasPrefix("--"), let value = rest.popFirst() else {
        throw .invalidInput("expected --option value, got '\(key)'")
      }
      options[String(key.dropFirst(2))] = value
    }
    func integer(_ key: String, _ fallback: Int) throws(CairnError) -> Int {
      guard let text = options[key] else { return fallback }
      guard let value = Int(text), value > 0 else {
        throw .invalidInput("--\(key) must be a positive integer, got '\(text)'")
      }
      return value
    }
    batch = try integer("batch", 64)
    steps = try integer("steps", 10)
    warmup = try integer("warmup", 2)
    poolSize = try integer("pool", 200)
    profile = options["profile"] == "yes"
    if let text = options["precision"] {
      guard let value = ConvolutionPrecision(rawValue: text) else {
        throw .invalidInput("--precision must be fp32 or bf16, got '\(text)'")
      }
      guard value == .float32 || Engine.supportsBFloat16 else {
        throw .invalidInput("--precision bf16 needs a CPU with AVX512_BF16 or AMX")
      }
      precision = value
    }
    switch options["kernels"] {
    case nil, "cairn": ownKernels = true
    case "onednn": ownKernels = false
    case let text?: throw .invalidInput("--kernels must be cairn or onednn, got '\(text)'")
    }
    Engine.setThreadCount(try integer("threads", Engine.threadCount))
    guard let path = options["archs"] else { throw .invalidInput("--archs FILE is required") }
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw .invalidFile(path: path, problem: "cannot read the architecture list")
    }
    architectures = []
    for line in text.split(separator: "\n") where !line.isEmpty {
      do {
        architectures.append(try NB201Architecture(parsing: String(line)))
      } catch {
        throw .invalidFile(path: path, problem: error.description)
      }
    }
    guard !architectures.isEmpty else {
      throw .invalidFile(path: path, problem: "no architectures")
    }
  }

  func architecture(_ position: Int) -> NB201Architecture {
    architectures[position % architectures.count]
  }

  /// Synthetic normalised images and labels: `count` batches, the same for every run.
  func batches(_ count: Int) -> [(images: Tensor, labels: [Int32])] {
    var random = RandomStream(seed: 0, name: "bench data")
    return (0..<count).map { _ in
      let values = (0..<batch * 3 * 32 * 32).map { _ in Float(random.normal()) }
      let labels = (0..<batch).map { _ in Int32(random.int(below: 10)) }
      return (Tensor(shape: [batch, 3, 32, 32], values: values), labels)
    }
  }

  /// Runs the workload; returns the seconds of each timed repetition (a step, or a whole pool pass) and the
  /// network's parameter count.
  func run() -> (times: [Double], parameters: Int) {
    OwnKernels.$areEnabled.withValue(ownKernels) {
      withConvolutionPrecision(precision) { runInPrecision() }
    }
  }

  private func runInPrecision() -> (times: [Double], parameters: Int) {
    var random = RandomStream(seed: 0, name: "bench init")
    let data = batches(4)
    var timings: [Double] = []
    var parameters = 0
    func timed(_ body: () -> Void) {
      Profiler.isEnabled = profile
      defer { Profiler.isEnabled = false }
      let start = DispatchTime.now().uptimeNanoseconds
      body()
      timings.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
    }
    /// Training steps: clear the gradients, `backward(step)`, clip the gradient norm at 5, one SGD step.
    func train(_ network: NB201Network, _ backward: @escaping (Int) -> Void) {
      let optimizer = SGD(
        parameters: network.namedParameters(), learningRate: 0.025, momentum: 0.9,
        weightDecay: 5e-4, nesterov: true)
      let trainable = network.trainableParameters()
      parameters = network.parameterCount
      network.train(true)
      for step in 0..<(warmup + steps) {
        let work = {
          optimizer.zeroGrad()
          backward(step)
          _ = clipGradientNorm(trainable, maxNorm: 5)
          optimizer.step()
        }
        if step < warmup { work() } else { timed(work) }
      }
    }
    switch kind {
    case .step, .landmark:
      let network = NB201Network.supernet(shape: NB201NetworkShape(), random: &random)
      train(network) { step in
        let batch = data[step % data.count]
        let position = kind == .landmark ? 3 * step : step
        network(batch.images, architecture: architecture(position))
          .softmaxCrossEntropy(labels: batch.labels).backward()
        if kind == .landmark {
          let validation = data[(step + 1) % data.count]
          // as the landmark term runs a pair: one call, the stem shared
          let losses = network(
            validation.images,
            architectures: [architecture(position + 1), architecture(position + 2)]
          ).map { $0.softmaxCrossEntropy(labels: validation.labels) }
          let (worse, better) = (losses[0], losses[1])
          LandmarkLossFunction.hinge(margin: 0).loss(better: better, worse: worse).backward()
        }
      }
    case .pool:
      let network = NB201Network.supernet(shape: NB201NetworkShape(), random: &random)
      parameters = network.parameterCount
      network.train(true)
      withoutGradients {
        for position in 0..<warmup {
          _ = network(data[0].images, architecture: architecture(position)).argmaxRows()
        }
        for _ in 0..<steps {
          timed {
            for position in 0..<poolSize {
              _ = network(data[position % data.count].images, architecture: architecture(position))
                .argmaxRows()
            }
          }
        }
      }
    case .standalone:
      let network = NB201Network(
        architecture: architecture(0), shape: NB201NetworkShape(cellsPerStage: 1), random: &random)
      train(network) { step in
        let batch = data[step % data.count]
        network(batch.images, architecture: architecture(0))
          .softmaxCrossEntropy(labels: batch.labels).backward()
      }
    }
    return (timings, parameters)
  }
}

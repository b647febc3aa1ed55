// swift-tools-version: 6.0
// Cairn: weight-sharing neural architecture search with super-net rankings you can trust.
import PackageDescription

let package = Package(
  name: "Cairn",
  platforms: [.macOS(.v15)],
  products: [
    .library(name: "CairnCore", targets: ["CairnCore"]),
    .library(name: "CairnEngine", targets: ["CairnEngine"]),
    .library(name: "CairnData", targets: ["CairnData"]),
    .library(name: "CairnSpaces", targets: ["CairnSpaces"]),
    .library(name: "CairnRanking", targets: ["CairnRanking"]),
    .library(name: "CairnBenchmarks", targets: ["CairnBenchmarks"]),
    .library(name: "CairnReport", targets: ["CairnReport"]),
    .library(name: "CairnNetworks", targets: ["CairnNetworks"]),
    .library(name: "CairnTraining", targets: ["CairnTraining"]),
    .library(name: "CairnSupernet", targets: ["CairnSupernet"]),
    .library(name: "CairnExperiment", targets: ["CairnExperiment"]),
    .library(name: "CairnSearch", targets: ["CairnSearch"]),
    .library(name: "CairnDistributed", targets: ["CairnDistributed"]),
    .executable(name: "cairn", targets: ["cairn"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
  ],
  targets: [
    // oneDNN 2.6 from Debian's libdnnl-dev: headers in /usr/include, library in the multiarch dir.
    .systemLibrary(name: "CDNNL", providers: [.apt(["libdnnl-dev"])]),
    // The one C helper Swift needs: the DNNL_MEMORY_ALLOCATE macro value and OpenMP thread control.
    .target(name: "CDNNLShim", linkerSettings: [.linkedLibrary("gomp")]),
    // zlib from Debian's zlib1g-dev, for gzip-compressed data files.
    .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
    // Seeded random streams, atomic file writes, gzip, shared errors.
    .target(name: "CairnCore", dependencies: ["CZlib"]),
    .target(name: "CairnEngine", dependencies: ["CDNNL", "CDNNLShim", "CairnCore"]),
    .target(name: "CairnData", dependencies: ["CairnCore"], resources: [.copy("Resources/cifar-10-prefix")]),
    .target(name: "CairnSpaces", dependencies: ["CairnCore"], resources: [.copy("Resources/nb201_index.txt")]),
    .target(name: "CairnRanking", dependencies: ["CairnCore"]),
    // Ground-truth tables (shipped NB201/NB101 files and benchmarks Cairn built) and Cairn's own results store
    // (SQLite through GRDB).
    .target(
      name: "CairnBenchmarks",
      dependencies: ["CairnCore", "CairnSpaces", .product(name: "GRDB", package: "GRDB.swift")],
      resources: [.copy("Resources/nasbench201"), .copy("Resources/nasbench101"), .copy("Resources/built")]),
    // SVG plots, Markdown/CSV/HTML tables, multi-seed comparison tables, static HTML reports.
    .target(name: "CairnReport", dependencies: ["CairnCore", "CairnRanking"]),
    // The networks of every search space behind one protocol (`ArchitectureNetwork`).
    .target(name: "CairnNetworks", dependencies: ["CairnCore", "CairnEngine", "CairnSpaces"]),
    // The run loop, run directory, checkpoints, configuration files and stand-alone training.
    .target(
      name: "CairnTraining",
      dependencies: [
        "CairnCore", "CairnEngine", "CairnData", "CairnSpaces", "CairnNetworks",
        .product(name: "Yams", package: "Yams"),
      ]),
    // Super-net training generic over the space: samplers, step strategies, landmarks, scoring.
    .target(
      name: "CairnSupernet",
      dependencies: [
        "CairnCore", "CairnEngine", "CairnData", "CairnSpaces", "CairnRanking", "CairnBenchmarks",
        "CairnNetworks", "CairnTraining", .product(name: "Yams", package: "Yams"),
      ]),
    // Grids of super-net runs (arms × seeds), their comparison table and HTML report.
    .target(
      name: "CairnExperiment",
      dependencies: [
        "CairnCore", "CairnSupernet", "CairnTraining", "CairnReport", "CairnRanking", "CairnBenchmarks",
        "CairnSpaces", "CairnData", .product(name: "Yams", package: "Yams"),
      ]),
    // Search strategies (random, regularized evolution) over a trained super-net, with cached, replayable scores.
    .target(
      name: "CairnSearch",
      dependencies: [
        "CairnCore", "CairnEngine", "CairnSpaces", "CairnBenchmarks", "CairnTraining", "CairnSupernet",
      ]),
    // Open MPI (opened at run time, never linked): the communicator and the gradient averaging of data-parallel
    // training.
    .target(
      name: "CairnDistributed", dependencies: ["CairnCore", "CairnData", "CairnEngine", "CairnTraining"]),
    .target(name: "CairnTestSupport", dependencies: ["CairnEngine"]),
    .executableTarget(
      name: "cairn",
      dependencies: [
        "CairnCore", "CairnEngine", "CairnData", "CairnSpaces", "CairnRanking", "CairnBenchmarks",
        "CairnNetworks", "CairnTraining", "CairnSupernet", "CairnExperiment", "CairnSearch",
        "CairnDistributed", .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    // Micro-benchmarks (bench/, not run by the tests): `swift run -c release cairn-bench`.
    .executableTarget(
      name: "cairn-bench",
      dependencies: [
        "CairnEngine", "CairnBenchmarks", "CairnRanking", "CairnSpaces", "CairnNetworks", "CairnTraining",
        "CairnSupernet", "CairnCore", "CairnData", "CDNNL",
      ],
      path: "bench/CairnBench"),
    .testTarget(name: "CairnCoreTests", dependencies: ["CairnCore"]),
    .testTarget(
      name: "CairnDistributedTests",
      dependencies: ["CairnDistributed", "CairnData", "CairnEngine", "CairnTraining", "CairnCore"]),
    .testTarget(
      name: "CairnEngineTests", dependencies: ["CairnEngine", "CairnCore", "CairnTestSupport", "CDNNL"],
      resources: [.copy("Fixtures")]),
    .testTarget(name: "CairnDataTests", dependencies: ["CairnData", "CairnCore"]),
    .testTarget(
      name: "CairnRankingTests", dependencies: ["CairnRanking", "CairnCore"], resources: [.copy("Fixtures")]),
    .testTarget(name: "CairnSpacesTests", dependencies: ["CairnSpaces", "CairnCore"]),
    .testTarget(
      name: "CairnBenchmarksTests", dependencies: ["CairnBenchmarks", "CairnCore", "CairnSpaces"]),
    .testTarget(
      name: "CairnReportTests", dependencies: ["CairnReport", "CairnRanking", "CairnCore"]),
    .testTarget(
      name: "CairnNetworksTests",
      dependencies: [
        "CairnNetworks", "CairnEngine", "CairnSpaces", "CairnCore", "CairnTestSupport",
        "CairnBenchmarks",
      ]),
    .testTarget(
      name: "CairnTrainingTests",
      dependencies: [
        "CairnTraining", "CairnEngine", "CairnCore", .product(name: "Yams", package: "Yams"),
      ]),
    .testTarget(
      name: "CairnSupernetTests",
      dependencies: [
        "CairnSupernet", "CairnTraining", "CairnNetworks", "CairnSpaces", "CairnData", "CairnEngine",
        "CairnCore",
      ]),
    .testTarget(
      name: "CairnExperimentTests",
      dependencies: [
        "CairnExperiment", "CairnSupernet", "CairnTraining", "CairnRanking", "CairnSpaces", "CairnCore",
        "CairnBenchmarks", "CairnReport",
      ]),
    .testTarget(
      name: "CairnSearchTests",
      dependencies: [
        "CairnSearch", "CairnRanking", "CairnBenchmarks", "CairnSpaces", "CairnTraining", "CairnEngine",
        "CairnCore",
      ]),
    .testTarget(name: "CairnCLITests", dependencies: ["cairn"]),
  ]
)
